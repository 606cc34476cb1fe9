package io.stowage.storage.server;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test body: {@code data} delivered in pieces of {@code piece} bytes on {@code ctx}, one piece per
 * context task, honouring pause/resume; optionally failing once {@code failAfter} bytes are out.
 * Records pauses and whether every call and event happened on {@code ctx}.
 */
final class ChunkedSource implements ReadStream<Buffer> {
  private final Context ctx;
  private final byte[] data;
  private final int piece;
  private final long failAfter;
  private int pos;
  /** Sends nothing past this offset until {@link #release} (a test holding the body mid-way). */
  private volatile long holdAt = Long.MAX_VALUE;
  private volatile boolean paused;
  private boolean scheduled;
  private boolean finished;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  final AtomicInteger pauses = new AtomicInteger();
  final AtomicLong sent = new AtomicLong();
  volatile boolean offContext;
  /** A handler was set after the end (an HTTP request body refuses that). */
  volatile boolean handlerAfterEnd;

  ChunkedSource(Context ctx, byte[] data, int piece, long failAfter) {
    this.ctx = ctx;
    this.data = data;
    this.piece = piece;
    this.failAfter = failAfter;
  }

  ChunkedSource(Context ctx, byte[] data, int piece) {
    this(ctx, data, piece, Long.MAX_VALUE);
  }

  private void checkContext() {
    if (Vertx.currentContext() != ctx) {
      offContext = true;
    }
  }

  private void schedule() {
    if (!scheduled && !paused && !finished && handler != null) {
      scheduled = true;
      ctx.runOnContext(v -> emit());
    }
  }

  private void emit() {
    scheduled = false;
    if (paused || finished || pos >= holdAt) {
      return;
    }
    if (pos >= failAfter) {
      finished = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(new java.io.IOException("client went away"));
      }
      return;
    }
    if (pos == data.length) {
      finished = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    int n = Math.min(piece, data.length - pos);
    Buffer b = Buffer.buffer(java.util.Arrays.copyOfRange(data, pos, pos + n));
    pos += n;
    sent.addAndGet(n);
    handler.handle(b);
    schedule();
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    checkContext();
    if (finished && h != null) {
      handlerAfterEnd = true;
      throw new IllegalStateException("body already read");
    }
    handler = h;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    checkContext();
    endHandler = h;
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    checkContext();
    exceptionHandler = h;
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    checkContext();
    if (!paused) {
      pauses.incrementAndGet();
    }
    paused = true;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    checkContext();
    paused = false;
    schedule();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    return resume();
  }

  boolean paused() {
    return paused;
  }

  /** From now on sends nothing past {@code offset} until {@link #release}. */
  ChunkedSource holdAt(long offset) {
    holdAt = offset;
    return this;
  }

  /** Sends the rest (from any thread). */
  void release() {
    holdAt = Long.MAX_VALUE;
    ctx.runOnContext(v -> schedule());
  }
}
