package io.stowage.bench;

import java.util.List;

/**
 * CPU the server and the load generator used during a measured window, in cores (CPU seconds per
 * second): on a machine shared by both, it shows where the cores went and what each request cost.
 * NaN when unknown (a server the bench did not start).
 */
record CpuUse(double serverCores, double clientCores) {
  static final CpuUse UNKNOWN = new CpuUse(Double.NaN, Double.NaN);

  /** CPU nanoseconds of a process and all its descendants (nginx's workers), or -1 when the OS does not say. */
  static long treeNanos(ProcessHandle root) {
    long total = nanos(root);
    if (total < 0) {
      return -1;
    }
    for (ProcessHandle child : root.descendants().toList()) {
      total += Math.max(0, nanos(child));
    }
    return total;
  }

  /** CPU nanoseconds of the given processes and their descendants; -1 when there are none or one has gone. */
  static long processesNanos(List<Long> pids) {
    if (pids.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (long pid : pids) {
      ProcessHandle p = ProcessHandle.of(pid).orElse(null);
      long n = p == null ? -1 : treeNanos(p);
      if (n < 0) {
        return -1;
      }
      total += n;
    }
    return total;
  }

  static long selfNanos() {
    return nanos(ProcessHandle.current());
  }

  private static long nanos(ProcessHandle p) {
    return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
  }

  /** Cores used between two samples {@code wallNanos} apart; NaN if either sample is unknown. */
  static double cores(long before, long after, long wallNanos) {
    return before < 0 || after < 0 || wallNanos <= 0 ? Double.NaN : (after - before) / (double) wallNanos;
  }
}
