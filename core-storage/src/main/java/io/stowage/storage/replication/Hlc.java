package io.stowage.storage.replication;

import java.util.function.LongSupplier;

/**
 * A hybrid logical clock: 48 bits of wall-clock milliseconds and a 16-bit counter, never going
 * backwards and always past every timestamp it has seen ({@link #observe}). With the server ID as
 * tie-break it orders concurrent writes to one key (last writer wins). Thread-safe.
 */
public final class Hlc {
  private final LongSupplier wallMs;
  private long last;

  public Hlc(LongSupplier wallMs) {
    this.wallMs = wallMs;
  }

  public Hlc() {
    this(System::currentTimeMillis);
  }

  /** A timestamp greater than every one issued or observed before. */
  public synchronized long now() {
    long physical = wallMs.getAsLong() << 16;
    last = Math.max(last + 1, physical);
    return last;
  }

  /** Moves the clock past a timestamp seen from a peer. */
  public synchronized void observe(long remote) {
    last = Math.max(last, remote);
  }

  /** Whether {@code (t1, node1)} is later than {@code (t2, node2)}. */
  public static boolean after(long t1, int node1, long t2, int node2) {
    return t1 != t2 ? Long.compareUnsigned(t1, t2) > 0 : node1 > node2;
  }
}
