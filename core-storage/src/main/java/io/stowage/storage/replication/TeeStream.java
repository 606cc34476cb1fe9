package io.stowage.storage.replication;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.util.List;

/**
 * Writes every buffer to the local file stream and to each live peer feed: the pipeline of a
 * replicated upload. Full while the local stream or any live peer is full, so the slowest in-sync
 * copy paces the client; a peer that fails is dropped and no longer holds the others back.
 */
final class TeeStream implements WriteStream<Buffer> {
  private final WriteStream<Buffer> local;
  private final List<PeerFeed> peers;
  private Handler<Void> drainHandler;

  TeeStream(WriteStream<Buffer> local, List<PeerFeed> peers) {
    this.local = local;
    this.peers = peers;
    for (PeerFeed p : peers) {
      p.onDrain(this::checkDrain);
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    for (PeerFeed p : peers) {
      p.push(data);
    }
    return local.write(data);
  }

  @Override
  public boolean writeQueueFull() {
    if (local.writeQueueFull()) {
      return true;
    }
    for (PeerFeed p : peers) {
      if (p.full()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    drainHandler = handler;
    local.drainHandler(v -> checkDrain());
    return this;
  }

  private void checkDrain() {
    Handler<Void> h = drainHandler;
    if (h != null && !writeQueueFull()) {
      drainHandler = null;
      h.handle(null);
    }
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    local.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> end() {
    return local.end();
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    local.setWriteQueueMaxSize(maxSize);
    return this;
  }
}
