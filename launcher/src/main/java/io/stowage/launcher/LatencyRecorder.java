package io.stowage.launcher;

import java.util.Arrays;

/** Collects latencies (nanoseconds) and reports percentiles. */
final class LatencyRecorder {
  private long[] values = new long[1024];
  private int n;

  void add(long nanos) {
    if (n == values.length) {
      values = Arrays.copyOf(values, n * 2);
    }
    values[n++] = nanos;
  }

  long count() {
    return n;
  }

  double percentileMillis(double p) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(p / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
  }
}
