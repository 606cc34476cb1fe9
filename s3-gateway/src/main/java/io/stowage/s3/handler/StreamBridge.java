package io.stowage.s3.handler;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;

/**
 * Connects a writer (a download) to a reader (an upload) on one event loop with a bounded queue:
 * the writer sees {@link #writeQueueFull()} while the reader is slower, so a copy never holds more
 * than about {@link #setWriteQueueMaxSize} bytes. Not thread-safe.
 */
final class StreamBridge implements WriteStream<Buffer>, ReadStream<Buffer> {
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private int maxQueued = 256 * 1024;
  private long queuedBytes;
  private long demand;
  private boolean ended;
  private boolean endDelivered;
  private boolean delivering;
  private boolean wasFull;
  private Throwable failure;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> readExceptionHandler;
  private Handler<Void> drainHandler;

  /** Fails the reading side (the writer failed). */
  void fail(Throwable t) {
    if (failure != null || endDelivered) {
      return;
    }
    failure = t;
    queue.clear();
    queuedBytes = 0;
    Handler<Throwable> h = readExceptionHandler;
    if (h != null) {
      h.handle(t);
    }
    Handler<Void> d = drainHandler;
    if (d != null) {
      d.handle(null);
    }
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (ended) {
      return Future.failedFuture(new IllegalStateException("bridge ended"));
    }
    queue.add(data);
    queuedBytes += data.length();
    deliver();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    ended = true;
    deliver();
    return Future.succeededFuture();
  }

  @Override
  public StreamBridge setWriteQueueMaxSize(int maxSize) {
    maxQueued = maxSize;
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    if (failure != null) {
      return false;
    }
    boolean full = queuedBytes >= maxQueued;
    if (full) {
      wasFull = true;
    }
    return full;
  }

  @Override
  public StreamBridge drainHandler(Handler<Void> h) {
    drainHandler = h;
    return this;
  }

  @Override
  public StreamBridge exceptionHandler(Handler<Throwable> h) {
    readExceptionHandler = h;
    return this;
  }

  @Override
  public StreamBridge handler(Handler<Buffer> h) {
    handler = h;
    deliver();
    return this;
  }

  @Override
  public StreamBridge pause() {
    demand = 0;
    return this;
  }

  @Override
  public StreamBridge resume() {
    demand = Long.MAX_VALUE;
    deliver();
    return this;
  }

  @Override
  public StreamBridge fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    deliver();
    return this;
  }

  @Override
  public StreamBridge endHandler(Handler<Void> h) {
    endHandler = h;
    deliver();
    return this;
  }

  private void deliver() {
    if (delivering || failure != null) {
      return;
    }
    delivering = true;
    try {
      while (!queue.isEmpty() && demand > 0 && handler != null) {
        Buffer b = queue.poll();
        queuedBytes -= b.length();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(b);
      }
      if (queue.isEmpty() && ended && !endDelivered && endHandler != null && demand > 0) {
        endDelivered = true;
        endHandler.handle(null);
      }
      if (wasFull && queuedBytes <= maxQueued / 2) {
        wasFull = false;
        Handler<Void> d = drainHandler;
        if (d != null) {
          d.handle(null);
        }
      }
    } finally {
      delivering = false;
    }
  }
}
