package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;

/**
 * Pull-style reader over a socket: callers ask for exactly n bytes, or for n bytes piped into a
 * {@link WriteStream}. The socket is paused whenever nobody is asking or the destination's queue is
 * full, so TCP back-pressure bounds memory whatever the body size. Bytes are passed on as slices of
 * the buffers the socket delivered; nothing is copied except to assemble a short fixed read that
 * spans two network reads.
 */
public final class FrameReader {
  private final ReadStream<Buffer> in;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private Op op;
  private boolean processing;
  private boolean paused;
  private boolean ended;
  private Throwable failure;
  private long consumed;

  public FrameReader(ReadStream<Buffer> in) {
    this.in = in;
    in.handler(this::onData);
    in.endHandler(v -> onEnd(null));
    in.exceptionHandler(this::onEnd);
    in.pause();
    paused = true;
  }

  /** Total bytes handed out so far. */
  public long consumed() {
    return consumed;
  }

  public boolean ended() {
    return ended && queue.isEmpty();
  }

  /** Reads exactly {@code n} bytes. */
  public Future<Buffer> read(int n) {
    if (n == 0) {
      return Future.succeededFuture(Buffer.buffer(0));
    }
    ReadOp r = new ReadOp(n);
    start(r);
    return r.promise.future();
  }

  /** Passes exactly {@code n} bytes to {@code out} (without ending it), honouring its back-pressure. */
  public Future<Void> pipe(long n, WriteStream<Buffer> out) {
    if (n == 0) {
      return Future.succeededFuture();
    }
    PipeOp p = new PipeOp(n, out);
    start(p);
    return p.promise.future();
  }

  /** Discards exactly {@code n} bytes. */
  public Future<Void> skip(long n) {
    return pipe(n, DiscardStream.INSTANCE);
  }

  private void start(Op o) {
    if (op != null) {
      o.fail(new IllegalStateException("concurrent read on one connection"));
      return;
    }
    op = o;
    process();
  }

  private void onData(Buffer b) {
    if (b.length() > 0) {
      queue.add(b);
    }
    process();
  }

  private void onEnd(Throwable t) {
    ended = true;
    failure = t;
    process();
  }

  private void process() {
    if (processing) {
      return;
    }
    processing = true;
    try {
      while (op != null && !op.blocked()) {
        Buffer head = queue.peek();
        if (head == null) {
          if (ended) {
            Op o = op;
            op = null;
            o.fail(new ProtoException(ErrorCode.EIO, "connection closed mid-frame", failure));
          }
          break;
        }
        int used = op.feed(head);
        consumed += used;
        queue.poll();
        if (used < head.length()) {
          queue.push(head.slice(used, head.length()));
        }
        if (op.done()) {
          Op o = op;
          op = null;
          o.complete();
        }
      }
    } finally {
      processing = false;
    }
    boolean wanted = op != null && !op.blocked() && !ended;
    if (wanted && paused) {
      paused = false;
      in.resume();
    } else if (!wanted && !paused && !ended) {
      paused = true;
      in.pause();
    }
  }

  private interface Op {
    int feed(Buffer b);

    boolean done();

    boolean blocked();

    void complete();

    void fail(Throwable t);
  }

  private static final class ReadOp implements Op {
    final Promise<Buffer> promise = Promise.promise();
    final int n;
    Buffer acc;
    Buffer whole;

    ReadOp(int n) {
      this.n = n;
    }

    public int feed(Buffer b) {
      if (acc == null && b.length() >= n) {
        whole = b.slice(0, n);
        return n;
      }
      if (acc == null) {
        acc = Buffer.buffer(n);
      }
      int take = Math.min(n - acc.length(), b.length());
      acc.appendBuffer(b, 0, take);
      if (acc.length() == n) {
        whole = acc;
      }
      return take;
    }

    public boolean done() {
      return whole != null;
    }

    public boolean blocked() {
      return false;
    }

    public void complete() {
      promise.complete(whole);
    }

    public void fail(Throwable t) {
      promise.tryFail(t);
    }
  }

  private final class PipeOp implements Op {
    final Promise<Void> promise = Promise.promise();
    final WriteStream<Buffer> out;
    long remaining;
    boolean waitingDrain;

    PipeOp(long n, WriteStream<Buffer> out) {
      this.remaining = n;
      this.out = out;
    }

    public int feed(Buffer b) {
      int take = (int) Math.min(remaining, b.length());
      Buffer part = take == b.length() ? b : b.slice(0, take);
      remaining -= take;
      out.write(part).onFailure(this::fail);
      if (remaining > 0 && out.writeQueueFull()) {
        waitingDrain = true;
        out.drainHandler(v -> {
          waitingDrain = false;
          process();
        });
      }
      return take;
    }

    public boolean done() {
      return remaining == 0;
    }

    public boolean blocked() {
      return waitingDrain;
    }

    public void complete() {
      promise.tryComplete();
    }

    public void fail(Throwable t) {
      if (promise.tryFail(t) && op == this) {
        // the destination broke: drop the rest of this body so the connection stays in frame
        op = null;
        long rest = remaining;
        remaining = 0;
        waitingDrain = false;
        if (rest > 0) {
          skip(rest);
        }
      }
    }
  }
}
