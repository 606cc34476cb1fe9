package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A write stream that drops everything; used to skip the rest of a rejected frame body. */
final class DiscardStream implements WriteStream<Buffer> {
  static final DiscardStream INSTANCE = new DiscardStream();

  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  public Future<Void> write(Buffer data) {
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
