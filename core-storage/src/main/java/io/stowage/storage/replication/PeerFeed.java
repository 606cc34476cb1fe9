package io.stowage.storage.replication;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * The body of one replication stream to a peer, as a {@link ReadStream} the peer connection pipes
 * to its socket: the receiving server {@link #push pushes} buffers as they arrive from the client.
 * Buffers wait here while the socket is busy; {@link #full} tells the sender to stop reading from
 * the client until {@link #onDrain the queue empties}. Event-loop confined.
 */
final class PeerFeed implements ReadStream<Buffer> {
  static final int MAX_QUEUED_BYTES = 512 * 1024;

  private final io.vertx.core.Vertx vertx;
  private final long stallTimeoutMs;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private long stallTimer = -1;
  private long queuedBytes;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Runnable drainListener;
  private boolean paused = true;
  private boolean ended;
  private boolean endSent;
  private boolean dead;

  private final boolean bestEffort;

  /**
   * @param stallTimeoutMs a peer whose queue stays full this long is failed (a hung or paused peer)
   * @param bestEffort never holds the sender back: a full queue fails the feed at once
   */
  PeerFeed(io.vertx.core.Vertx vertx, long stallTimeoutMs, boolean bestEffort) {
    this.vertx = vertx;
    this.stallTimeoutMs = stallTimeoutMs;
    this.bestEffort = bestEffort;
  }

  private Runnable failListener;
  private Throwable failure;

  void onDrain(Runnable r) {
    drainListener = r;
  }

  /** Called once when the feed fails (to close the connection at once: a stalled socket never flushes). */
  void onFail(Runnable r) {
    failListener = r;
  }

  boolean dead() {
    return dead;
  }

  boolean full() {
    return !dead && !bestEffort && queuedBytes >= MAX_QUEUED_BYTES;
  }

  void push(Buffer b) {
    if (dead || ended) {
      return;
    }
    queue.add(b);
    queuedBytes += b.length();
    flush();
    if (bestEffort && queuedBytes >= MAX_QUEUED_BYTES) {
      fail(new IllegalStateException("best-effort peer too slow"));
      return;
    }
    if (queuedBytes >= MAX_QUEUED_BYTES && stallTimer < 0) {
      stallTimer = vertx.setTimer(stallTimeoutMs, id -> {
        stallTimer = -1;
        if (full()) {
          fail(new java.util.concurrent.TimeoutException("peer took no data for " + stallTimeoutMs + " ms"));
        }
      });
    }
  }

  /** No more buffers: the stream ends once the queue is written. */
  void end() {
    ended = true;
    flush();
  }

  /** Breaks the stream (the connection is then closed): the peer sees a short body and drops it. */
  void fail(Throwable t) {
    if (dead) {
      return;
    }
    dead = true;
    failure = t;
    queue.clear();
    queuedBytes = 0;
    cancelStall();
    if (exceptionHandler != null && !endSent) {
      exceptionHandler.handle(t);
    }
    if (failListener != null) {
      failListener.run();
    }
    notifyDrain();
  }

  private void cancelStall() {
    if (stallTimer >= 0) {
      vertx.cancelTimer(stallTimer);
      stallTimer = -1;
    }
  }

  private void flush() {
    boolean wasFull = queuedBytes >= MAX_QUEUED_BYTES;
    while (!paused && handler != null && !queue.isEmpty()) {
      Buffer b = queue.poll();
      queuedBytes -= b.length();
      handler.handle(b);
    }
    if (!paused && ended && queue.isEmpty() && !endSent && endHandler != null) {
      endSent = true;
      endHandler.handle(null);
    }
    if (wasFull && queuedBytes < MAX_QUEUED_BYTES) {
      cancelStall();
      notifyDrain();
    }
  }

  private void notifyDrain() {
    if (drainListener != null) {
      drainListener.run();
    }
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    if (dead && h != null && failure != null) {
      h.handle(failure); // failed before the connection was ready: its pipe fails at once
    }
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> h) {
    handler = h;
    flush();
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    paused = true;
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    paused = false;
    flush();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    return resume();
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> h) {
    endHandler = h;
    flush();
    return this;
  }
}
