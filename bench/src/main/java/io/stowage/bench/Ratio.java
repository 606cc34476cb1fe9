package io.stowage.bench;

/** Stowage's throughput relative to another server's for the same case. */
final class Ratio {
  private Ratio() {}

  /** ops/s over ops/s (the same as MiB/s over MiB/s, the sizes being equal); NaN when the other measured nothing. */
  static double of(CaseResult stowage, CaseResult other) {
    double o = other.opsPerSecond();
    return o <= 0 ? Double.NaN : stowage.opsPerSecond() / o;
  }
}
