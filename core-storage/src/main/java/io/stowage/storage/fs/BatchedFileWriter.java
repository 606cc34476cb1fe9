package io.stowage.storage.fs;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A new file written from an event loop in large gathering writes on a worker pool: buffers are
 * collected until {@link #BATCH_BYTES} (or {@link #close}), then one worker task writes them all.
 * Vert.x's {@code AsyncFile} hands every buffer (often 16-64 KiB off a socket) to a worker on its
 * own: a thread handoff and a system call each. One batch is written at a time, so the bytes land
 * in order. Not thread-safe: use it from one context.
 */
public final class BatchedFileWriter implements WriteStream<Buffer> {
  /** Bytes collected before a write is started. */
  static final int BATCH_BYTES = 1 << 20;
  /** Bytes waiting (collected and being written) past which {@link #writeQueueFull} says stop. */
  private int maxQueued = 4 * BATCH_BYTES;

  private final FileChannel channel;
  private final WorkerExecutor io;
  private List<ByteBuffer> collected = new ArrayList<>();
  private List<Promise<Void>> collectedWrites = new ArrayList<>();
  private long collectedBytes;
  private long writingBytes;
  private boolean writing;
  private Throwable failure;
  private Promise<Void> closing;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  private BatchedFileWriter(FileChannel channel, WorkerExecutor io) {
    this.channel = channel;
    this.io = io;
  }

  /** Creates {@code path} (it must not exist) on the worker pool. */
  public static Future<BatchedFileWriter> create(WorkerExecutor io, Path path) {
    return io.executeBlocking(() -> new BatchedFileWriter(
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), io), false);
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (closing != null) {
      return Future.failedFuture(new IllegalStateException("file writer closed"));
    }
    Promise<Void> written = Promise.promise();
    // Vert.x hands over its own heap copy of what it read: kept as is, without copying it again
    collected.add(data instanceof BufferInternal bi ? bi.getByteBuf().nioBuffer() : ByteBuffer.wrap(data.getBytes()));
    collectedWrites.add(written);
    collectedBytes += data.length();
    if (collectedBytes >= BATCH_BYTES) {
      startWrite();
    }
    return written.future();
  }

  /** Writes what is collected, then closes the file; completes once both are done. */
  public Future<Void> close() {
    if (closing == null) {
      closing = Promise.promise();
      finishIfIdle();
    }
    return closing.future();
  }

  private void startWrite() {
    if (writing || collected.isEmpty() || failure != null) {
      return;
    }
    writing = true;
    List<ByteBuffer> batch = collected;
    List<Promise<Void>> done = collectedWrites;
    writingBytes = collectedBytes;
    collected = new ArrayList<>();
    collectedWrites = new ArrayList<>();
    collectedBytes = 0;
    ByteBuffer[] buffers = batch.toArray(new ByteBuffer[0]);
    io.<Void>executeBlocking(() -> {
      writeFully(buffers);
      return null;
    }, false).onComplete(ar -> {
      writing = false;
      writingBytes = 0;
      if (ar.failed()) {
        fail(ar.cause(), done);
        return;
      }
      done.forEach(Promise::complete);
      if (collectedBytes >= BATCH_BYTES || (closing != null && !collected.isEmpty())) {
        startWrite();
      } else {
        finishIfIdle();
      }
      Handler<Void> drain = drainHandler;
      if (drain != null && !writeQueueFull()) {
        drainHandler = null;
        drain.handle(null);
      }
    });
  }

  private void writeFully(ByteBuffer[] buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  /** When closing and nothing is being written: writes the rest, or closes the channel. */
  private void finishIfIdle() {
    if (closing == null || writing) {
      return;
    }
    if (failure == null && !collected.isEmpty()) {
      startWrite();
      return;
    }
    Throwable cause = failure;
    io.<Void>executeBlocking(() -> {
      channel.close();
      return null;
    }, false).onComplete(ar -> {
      if (cause != null) {
        closing.fail(cause);
      } else if (ar.failed()) {
        closing.fail(ar.cause());
      } else {
        closing.complete();
      }
    });
  }

  private void fail(Throwable cause, List<Promise<Void>> done) {
    failure = cause;
    done.forEach(p -> p.fail(cause));
    collectedWrites.forEach(p -> p.fail(cause));
    collected.clear();
    collectedWrites.clear();
    collectedBytes = 0;
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(cause);
    }
    finishIfIdle();
  }

  @Override
  public Future<Void> end() {
    return close();
  }

  @Override
  public BatchedFileWriter exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    return this;
  }

  @Override
  public BatchedFileWriter setWriteQueueMaxSize(int maxSize) {
    maxQueued = Math.max(maxSize, BATCH_BYTES);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return collectedBytes + writingBytes >= maxQueued;
  }

  @Override
  public BatchedFileWriter drainHandler(Handler<Void> handler) {
    drainHandler = handler;
    return this;
  }
}
