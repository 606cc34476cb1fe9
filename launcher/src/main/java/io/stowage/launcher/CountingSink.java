package io.stowage.launcher;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** Drops downloaded bytes after counting them, so the benchmark measures the server, not a copy. */
final class CountingSink implements WriteStream<Buffer> {
  long bytes;

  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  public Future<Void> write(Buffer data) {
    bytes += data.length();
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
