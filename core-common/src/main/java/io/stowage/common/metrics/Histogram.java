package io.stowage.common.metrics;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram family with fixed bucket upper bounds, rendered as cumulative {@code _bucket{le=...}}
 * samples (the last one {@code le="+Inf"}), {@code _sum} and {@code _count}. An observation equal to
 * a bound counts in that bound's bucket ({@code le} is "less than or equal").
 */
public final class Histogram extends Family<Histogram.Child> {
  /** Request latencies in seconds, 1 ms .. 60 s. */
  public static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  /** Sizes in bytes, 1 KiB .. 5 GiB. */
  public static final double[] SIZE_BYTES = {1024, 16384, 131072, 1048576, 8388608, 67108864, 536870912, 5368709120.0};

  private final double[] bounds;

  Histogram(String name, String help, double[] bounds, String[] labelNames) {
    super(name, help, labelNames);
    if (bounds.length == 0) {
      throw new IllegalArgumentException(name + ": no buckets");
    }
    for (int i = 0; i < bounds.length; i++) {
      if (Double.isNaN(bounds[i]) || Double.isInfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
        throw new IllegalArgumentException(name + ": buckets must be finite and strictly increasing");
      }
    }
    this.bounds = bounds.clone();
  }

  public double[] bounds() {
    return bounds.clone();
  }

  /** One labelled histogram. */
  public final class Child {
    private final LongAdder[] counts = new LongAdder[bounds.length + 1];
    private final DoubleAdder sum = new DoubleAdder();

    Child() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    public void observe(double v) {
      counts[bucketIndex(bounds, v)].increment();
      sum.add(v);
    }

    /** Observes an elapsed time given in nanoseconds, in seconds. */
    public void observeNanos(long nanos) {
      observe(nanos / 1e9);
    }

    /** Cumulative counts per bound, the last entry being +Inf (= the total count). */
    public long[] cumulativeCounts() {
      long[] out = new long[counts.length];
      long acc = 0;
      for (int i = 0; i < counts.length; i++) {
        acc += counts[i].sum();
        out[i] = acc;
      }
      return out;
    }

    public double sum() {
      return sum.sum();
    }
  }

  /** Index of the first bound {@code >= v}, or {@code bounds.length} (+Inf). */
  static int bucketIndex(double[] bounds, double v) {
    int lo = 0;
    int hi = bounds.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bounds[mid] >= v) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * The {@code q}-quantile estimated from cumulative bucket counts the way PromQL's
   * {@code histogram_quantile} does (linear interpolation inside the bucket; the lower edge of the
   * first bucket is 0; a quantile in the +Inf bucket answers the highest finite bound). NaN when
   * there are no observations.
   *
   * @param bounds the finite upper bounds
   * @param cumulative cumulative counts, one per bound plus the +Inf one last
   */
  public static double quantile(double q, double[] bounds, double[] cumulative) {
    if (cumulative.length != bounds.length + 1) {
      throw new IllegalArgumentException("need one count per bound plus +Inf");
    }
    double total = cumulative[cumulative.length - 1];
    if (total <= 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    double rank = q * total;
    int i = 0;
    while (i < bounds.length && cumulative[i] < rank) {
      i++;
    }
    if (i == bounds.length) {
      return bounds[bounds.length - 1];
    }
    double lower = i == 0 ? 0 : bounds[i - 1];
    double below = i == 0 ? 0 : cumulative[i - 1];
    double inBucket = cumulative[i] - below;
    if (inBucket <= 0) {
      return bounds[i];
    }
    return lower + (bounds[i] - lower) * ((rank - below) / inBucket);
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "histogram";
  }

  @Override
  void renderChild(StringBuilder sb, List<String> values, Child child) {
    long[] cum = child.cumulativeCounts();
    for (int i = 0; i < bounds.length; i++) {
      sample(sb, "_bucket", values, "le", format(bounds[i]), cum[i]);
    }
    sample(sb, "_bucket", values, "le", "+Inf", cum[bounds.length]);
    sample(sb, "_sum", values, null, null, child.sum());
    sample(sb, "_count", values, null, null, cum[bounds.length]);
  }
}
