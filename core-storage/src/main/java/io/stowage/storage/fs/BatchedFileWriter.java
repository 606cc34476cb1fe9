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
 * in order. The file is opened (a spare) or created by the first worker task, and {@link #close}
 * writes what is left, fsyncs (when asked) and closes in one task: a small file costs a single
 * worker hand-off. Not thread-safe: use it from one context.
 */
public final class BatchedFileWriter implements WriteStream<Buffer> {
  /** Bytes collected before a write is started. */
  static final int BATCH_BYTES = 1 << 20;
  /** Bytes waiting (collected and being written) past which {@link #writeQueueFull} says stop. */
  private int maxQueued = 4 * BATCH_BYTES;

  private final Path path;
  /** Whether {@link #path} is an existing empty file (a spare) rather than one to create. */
  private final boolean exists;
  private final WorkerExecutor io;
  private final boolean syncOnClose;
  private final boolean direct;
  /** Opened by the first worker task (never touched on the event loop). */
  private FileSink sink;
  private List<ByteBuffer> collected = new ArrayList<>();
  private List<Promise<Void>> collectedWrites = new ArrayList<>();
  private long collectedBytes;
  private long writingBytes;
  private boolean writing;
  private Throwable failure;
  private Promise<Void> closing;
  private boolean finishing;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;

  private BatchedFileWriter(Path path, boolean exists, WorkerExecutor io, boolean syncOnClose, boolean direct) {
    this.path = path;
    this.exists = exists;
    this.io = io;
    this.syncOnClose = syncOnClose;
    this.direct = direct;
  }

  /**
   * A writer of {@code file}: a spare that exists, empty, and is opened as it is, or a new file
   * created on the worker pool by the first write (it must not exist: that write, or {@link #close},
   * fails). Either is opened by the first worker task. With {@code syncOnClose}, {@link #close}
   * completes only once the bytes are durable (fdatasync). With {@code direct} the bytes bypass the
   * page cache (O_DIRECT, see {@link DirectFileSink}) where the file system allows it: for large
   * files, which are not worth the CPU of copying them into the cache.
   */
  public static BatchedFileWriter open(WorkerExecutor io, FileStore.TempFile file, boolean syncOnClose, boolean direct) {
    return new BatchedFileWriter(file.path(), file.exists(), io, syncOnClose, direct);
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

  /** Writes what is collected, fsyncs if asked, closes the file; completes once all are done. */
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
      if (closing != null) {
        finishIfIdle();
      } else if (collectedBytes >= BATCH_BYTES) {
        startWrite();
      }
      Handler<Void> drain = drainHandler;
      if (drain != null && !writeQueueFull()) {
        drainHandler = null;
        drain.handle(null);
      }
    });
  }

  private void writeFully(ByteBuffer[] buffers) throws IOException {
    if (sink == null) {
      sink = direct ? DirectFileSink.open(path, exists) : new BufferedFileSink(FileChannel.open(path, openOptions(exists)));
    }
    sink.write(buffers);
  }

  /** Opens an existing (spare, empty) file as it is, otherwise creates the file, failing if it exists. */
  static StandardOpenOption[] openOptions(boolean exists) {
    return exists ? new StandardOpenOption[] {StandardOpenOption.WRITE}
        : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
  }

  /**
   * When closing and nothing is being written: one last task writes the rest (up to a batch; more
   * goes through {@link #startWrite} first), fsyncs when asked and closes the channel.
   */
  private void finishIfIdle() {
    if (closing == null || writing || finishing) {
      return;
    }
    if (failure == null && collectedBytes > BATCH_BYTES) {
      startWrite();
      return;
    }
    Throwable cause = failure;
    List<Promise<Void>> done = collectedWrites;
    ByteBuffer[] rest = cause == null ? collected.toArray(new ByteBuffer[0]) : new ByteBuffer[0];
    collected = new ArrayList<>();
    collectedWrites = new ArrayList<>();
    collectedBytes = 0;
    finishing = true;
    io.<Void>executeBlocking(() -> {
      try {
        if (cause == null) {
          writeFully(rest);
          sink.finish(syncOnClose);
        }
      } finally {
        if (sink != null) {
          sink.close();
        }
      }
      return null;
    }, false).onComplete(ar -> {
      if (cause != null) {
        closing.fail(cause);
      } else if (ar.failed()) {
        failure = ar.cause();
        done.forEach(p -> p.fail(ar.cause()));
        closing.fail(ar.cause());
      } else {
        done.forEach(Promise::complete);
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
