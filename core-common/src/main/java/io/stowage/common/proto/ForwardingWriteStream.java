package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * A write stream that hands everything to another one, back-pressure included; subclasses look at
 * or count the buffers on their way ({@link #write}) or change what ending means.
 */
public abstract class ForwardingWriteStream implements WriteStream<Buffer> {
  protected final WriteStream<Buffer> out;

  protected ForwardingWriteStream(WriteStream<Buffer> out) {
    this.out = out;
  }

  @Override
  public ForwardingWriteStream exceptionHandler(Handler<Throwable> handler) {
    out.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return out.write(data);
  }

  @Override
  public Future<Void> end() {
    return out.end();
  }

  @Override
  public ForwardingWriteStream setWriteQueueMaxSize(int maxSize) {
    out.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return out.writeQueueFull();
  }

  @Override
  public ForwardingWriteStream drainHandler(Handler<Void> handler) {
    out.drainHandler(handler);
    return this;
  }
}
