package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A write stream that counts and drops what it is given: skipping a rejected body, benchmarks. */
public final class DiscardStream implements WriteStream<Buffer> {
  static final DiscardStream INSTANCE = new DiscardStream();
  private long bytes;

  /** Bytes written so far (the shared skipping instance does not count). */
  public long bytes() {
    return bytes;
  }

  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  public Future<Void> write(Buffer data) {
    if (this != INSTANCE) {
      bytes += data.length();
    }
    return Future.succeededFuture();
  }

  public Future<Void> end() {
    return Future.succeededFuture();
  }

  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  public boolean writeQueueFull() {
    return false;
  }

  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
