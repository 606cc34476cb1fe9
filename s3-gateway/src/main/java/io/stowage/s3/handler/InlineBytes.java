package io.stowage.s3.handler;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;

/** The bytes of small objects in memory: serving an inline entry, loading a small source to copy inline. */
final class InlineBytes {
  private InlineBytes() {}

  /** A small object's whole bytes: its inline bytes, or its file(s) read into memory (size bounded by the caller). */
  static Future<byte[]> load(Backend backend, ObjectEntry e) {
    if (e.isInline()) {
      return e.inline().length == e.size() ? Future.succeededFuture(e.inline())
          : Future.failedFuture(new IllegalStateException("inline bytes of the entry were not loaded"));
    }
    Collector into = new Collector((int) e.size());
    return backend.download(e, 0, e.size(), into).map(v -> into.all.getBytes());
  }

  static Future<Void> write(ObjectEntry e, long offset, long length, WriteStream<Buffer> out) {
    return length == 0 ? slice(e, offset, length).mapEmpty() : slice(e, offset, length).compose(out::write);
  }

  /** {@code length} bytes of an inline entry from {@code offset}. */
  static Future<Buffer> slice(ObjectEntry e, long offset, long length) {
    byte[] data = e.inline();
    if (data.length != e.size()) {
      return Future.failedFuture(new IllegalStateException("inline bytes of the entry were not loaded"));
    }
    // a view, not Buffer.buffer(data), which copies the whole array: the bytes may be the storage
    // server's cached copy, shared by every GET of the object and never written
    return Future.succeededFuture(BufferInternal.buffer(Unpooled.wrappedBuffer(data, (int) offset, (int) length)));
  }

  /** Gathers a download of known, small size. */
  private static final class Collector implements WriteStream<Buffer> {
    final Buffer all;
    private final int size;

    Collector(int size) {
      this.size = size;
      this.all = Buffer.buffer(size);
    }

    @Override
    public Collector exceptionHandler(io.vertx.core.Handler<Throwable> h) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (all.length() + data.length() > size) {
        return Future.failedFuture(new IllegalStateException("download longer than the object"));
      }
      all.appendBuffer(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public Collector setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public Collector drainHandler(io.vertx.core.Handler<Void> h) {
      return this;
    }
  }
}
