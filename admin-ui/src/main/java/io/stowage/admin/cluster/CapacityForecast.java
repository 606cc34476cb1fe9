package io.stowage.admin.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recent free-space history per storage server, in memory (bounded: {@link #MAX_SAMPLES} samples at
 * least {@link #MIN_INTERVAL_MS} apart, about an hour), and the days-to-full estimate: a least-squares
 * line through (time, free bytes); when free space falls, days until it reaches zero.
 */
public final class CapacityForecast {
  static final int MAX_SAMPLES = 240;
  static final long MIN_INTERVAL_MS = 15_000;
  /** Fewer seconds of history than this give no estimate. */
  static final long MIN_SPAN_MS = 60_000;
  private static final double MS_PER_DAY = 86_400_000.0;

  private final Map<Integer, Deque<long[]>> history = new HashMap<>();

  /** Records a sample unless the previous one for this server is more recent than the minimum interval. */
  public void sample(int serverId, long timeMs, long freeBytes) {
    Deque<long[]> d = history.computeIfAbsent(serverId, k -> new ArrayDeque<>());
    long[] last = d.peekLast();
    if (last != null && timeMs - last[0] < MIN_INTERVAL_MS) {
      return;
    }
    d.addLast(new long[] {timeMs, freeBytes});
    while (d.size() > MAX_SAMPLES) {
      d.removeFirst();
    }
  }

  /** Forgets servers no longer in the cluster view. */
  public void retain(java.util.Set<Integer> serverIds) {
    history.keySet().retainAll(serverIds);
  }

  /** Days until the server's free space reaches zero at its recent rate, or null (not filling, or too little history). */
  public Double daysToFull(int serverId) {
    Deque<long[]> d = history.get(serverId);
    if (d == null || d.size() < 2) {
      return null;
    }
    long[] t = new long[d.size()];
    long[] f = new long[d.size()];
    int i = 0;
    for (long[] s : d) {
      t[i] = s[0];
      f[i] = s[1];
      i++;
    }
    return daysToFull(t, f);
  }

  /**
   * Days until zero free bytes from the least-squares slope of {@code free} over {@code timeMs},
   * counted from the last sample's fitted value; null when the span is under a minute or free space
   * is not shrinking.
   */
  public static Double daysToFull(long[] timeMs, long[] free) {
    int n = timeMs.length;
    if (n < 2 || timeMs[n - 1] - timeMs[0] < MIN_SPAN_MS) {
      return null;
    }
    double t0 = timeMs[0];
    double mt = 0;
    double mf = 0;
    for (int i = 0; i < n; i++) {
      mt += timeMs[i] - t0;
      mf += free[i];
    }
    mt /= n;
    mf /= n;
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      double dt = timeMs[i] - t0 - mt;
      num += dt * (free[i] - mf);
      den += dt * dt;
    }
    if (den == 0) {
      return null;
    }
    double slope = num / den; // bytes per ms
    if (slope >= 0) {
      return null;
    }
    double freeNow = mf + slope * (timeMs[n - 1] - t0 - mt);
    if (freeNow <= 0) {
      return 0.0;
    }
    return freeNow / -slope / MS_PER_DAY;
  }
}
