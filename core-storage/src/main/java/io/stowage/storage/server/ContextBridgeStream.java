package io.stowage.storage.server;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReadStream} read on one Vert.x context ({@code target}) that carries the buffers of a
 * stream delivering on another ({@code source}). Buffers are handed over as they are (no copy), so
 * they must not be reused by the source. Back-pressure crosses too: the source is paused while more
 * than {@code highWater} bytes wait on the target side and resumed once the reader has taken them
 * down to half of that. Every call into the other side goes through its context's
 * {@code runOnContext}; the source's own state is only touched on the source context, the
 * reader's only on the target context. Until the reader sets its handlers, what arrives waits (the
 * end too); events reach the reader only from tasks of the target context, never from inside its
 * own calls.
 */
public final class ContextBridgeStream implements ReadStream<Buffer> {
  private final ReadStream<Buffer> source;
  private final Context sourceContext;
  private final Context targetContext;
  private final long highWater;
  private final long lowWater;
  /** Bytes handed over to the target side and not yet passed to its reader. */
  private final AtomicLong queued = new AtomicLong();

  // source context only
  private boolean sourcePaused;
  private boolean detached;
  private boolean sourceEnded;

  // target context only
  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private long demand = Long.MAX_VALUE;
  private boolean ended;
  private Throwable failure;
  private boolean endDelivered;
  private boolean dropping;
  private boolean drainScheduled;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;

  private ContextBridgeStream(ReadStream<Buffer> source, Context sourceContext, Context targetContext, long highWater) {
    this.source = source;
    this.sourceContext = sourceContext;
    this.targetContext = targetContext;
    this.highWater = highWater;
    this.lowWater = highWater / 2;
  }

  /**
   * Starts carrying {@code source} (which delivers on {@code sourceContext}) over to
   * {@code targetContext}. Takes over the source's handlers and resumes it. Buffers arriving before
   * the reader asks for them wait on the target side (up to {@code highWater} bytes).
   */
  public static ContextBridgeStream bridge(ReadStream<Buffer> source, Context sourceContext, Context targetContext,
      long highWater) {
    ContextBridgeStream s = new ContextBridgeStream(source, sourceContext, targetContext, highWater);
    onContext(sourceContext, s::attach);
    return s;
  }

  /** Runs {@code task} at once when already on {@code c}, else through {@code c.runOnContext}. */
  static void onContext(Context c, Runnable task) {
    if (Vertx.currentContext() == c) {
      task.run();
    } else {
      c.runOnContext(v -> task.run());
    }
  }

  // ---- source side

  private void attach() {
    source.handler(this::onSourceData);
    source.endHandler(v -> {
      sourceEnded = true;
      targetContext.runOnContext(x -> onEnd(null));
    });
    source.exceptionHandler(t -> {
      sourceEnded = true;
      targetContext.runOnContext(x -> onEnd(t));
    });
    source.resume();
  }

  private void onSourceData(Buffer b) {
    if (detached) {
      return;
    }
    if (queued.addAndGet(b.length()) > highWater && !sourcePaused) {
      sourcePaused = true;
      source.pause();
    }
    targetContext.runOnContext(v -> onData(b));
  }

  private void resumeSource() {
    // may be stale (the source got ahead since): it then pauses again on its next buffer
    if (sourcePaused && !sourceEnded) {
      sourcePaused = false;
      source.resume();
    }
  }

  /** Drops the rest of the source: its bytes are read and discarded (as a connection skips a body). */
  private void detach() {
    detached = true;
    if (sourceEnded) {
      return; // nothing left to read (and an ended HTTP request refuses new handlers)
    }
    source.handler(b -> { });
    source.endHandler(v -> { });
    source.exceptionHandler(t -> { });
    sourcePaused = false;
    source.resume();
  }

  // ---- target side

  private void onData(Buffer b) {
    if (dropping) {
      queued.addAndGet(-b.length());
      return;
    }
    pending.add(b);
    drain();
  }

  private void onEnd(Throwable t) {
    if (ended) {
      return;
    }
    ended = true;
    failure = t;
    drain();
  }

  /** Later on the target context: a reader's call never gets events back before it returns. */
  private void scheduleDrain() {
    if (!drainScheduled) {
      drainScheduled = true;
      targetContext.runOnContext(v -> {
        drainScheduled = false;
        drain();
      });
    }
  }

  private void drain() {
    while (demand > 0 && handler != null && !pending.isEmpty() && !dropping) {
      Buffer b = pending.poll();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      taken(b.length());
      handler.handle(b);
    }
    if (ended && pending.isEmpty() && !endDelivered && !dropping) {
      Handler<Throwable> onFailure = exceptionHandler;
      Handler<Void> onEnd = endHandler;
      if (failure != null && onFailure != null) {
        endDelivered = true;
        onFailure.handle(failure);
      } else if (failure == null && onEnd != null) {
        endDelivered = true;
        onEnd.handle(null);
      }
    }
  }

  private void taken(long n) {
    long after = queued.addAndGet(-n);
    if (after <= lowWater && after + n > lowWater) {
      sourceContext.runOnContext(v -> resumeSource());
    }
  }

  /**
   * The reader gives up on the rest: what waits is dropped, the source is read on and discarded,
   * and no more events reach the reader's handlers.
   */
  public void drop() {
    onContext(targetContext, this::dropNow);
  }

  private void dropNow() {
    if (dropping) {
      return;
    }
    dropping = true;
    for (Buffer b; (b = pending.poll()) != null; ) {
      queued.addAndGet(-b.length());
    }
    sourceContext.runOnContext(v -> detach());
  }

  /** Bytes handed over from the source and not yet passed to the reader. */
  long queuedBytes() {
    return queued.get();
  }

  @Override
  public ContextBridgeStream handler(Handler<Buffer> h) {
    this.handler = h;
    scheduleDrain();
    return this;
  }

  @Override
  public ContextBridgeStream endHandler(Handler<Void> h) {
    this.endHandler = h;
    scheduleDrain();
    return this;
  }

  @Override
  public ContextBridgeStream exceptionHandler(Handler<Throwable> h) {
    this.exceptionHandler = h;
    scheduleDrain();
    return this;
  }

  @Override
  public ContextBridgeStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public ContextBridgeStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ContextBridgeStream fetch(long amount) {
    demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    scheduleDrain();
    return this;
  }
}
