package io.stowage.bench;

import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one server did for one case during the measured window. Latencies are in milliseconds.
 *
 * @param firstError the first failure seen while measuring, or null
 * @param cpu the cores the server and the load generator used while measuring
 */
record CaseResult(String server, BenchCase benchCase, long ops, long bytes, long errors, double seconds,
                  double p50Ms, double p99Ms, double p999Ms, String firstError, CpuUse cpu) {

  CaseResult(String server, BenchCase benchCase, long ops, long bytes, long errors, double seconds,
             double p50Ms, double p99Ms, double p999Ms, String firstError) {
    this(server, benchCase, ops, bytes, errors, seconds, p50Ms, p99Ms, p999Ms, firstError, CpuUse.UNKNOWN);
  }

  /** Builds a result from a latency histogram recorded in microseconds. */
  static CaseResult of(String server, BenchCase c, long bytes, long errors, double seconds, Histogram micros,
                       String firstError) {
    return of(server, c, bytes, errors, seconds, micros, firstError, CpuUse.UNKNOWN);
  }

  static CaseResult of(String server, BenchCase c, long bytes, long errors, double seconds, Histogram micros,
                       String firstError, CpuUse cpu) {
    return new CaseResult(server, c, micros.getTotalCount(), bytes, errors, seconds,
        percentileMs(micros, 50), percentileMs(micros, 99), percentileMs(micros, 99.9), firstError, cpu);
  }

  /**
   * One server's result for a case measured in several rounds: the round with the median ops/s (of an
   * even number, the slower of the middle two), whose latencies and CPU it keeps, with the errors of
   * every round added up and the first error of any round, so that a failing round is never hidden.
   */
  static CaseResult medianRound(List<CaseResult> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no rounds");
    }
    List<CaseResult> byRate = rounds.stream().sorted(Comparator.comparingDouble(CaseResult::opsPerSecond)).toList();
    CaseResult m = byRate.get((byRate.size() - 1) / 2);
    long errors = rounds.stream().mapToLong(CaseResult::errors).sum();
    String firstError = rounds.stream().map(CaseResult::firstError).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    return new CaseResult(m.server(), m.benchCase(), m.ops(), m.bytes(), errors, m.seconds(), m.p50Ms(), m.p99Ms(),
        m.p999Ms(), firstError, m.cpu());
  }

  private static double percentileMs(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * Microseconds of CPU per request ({@code cores} over ops/s): what a request cost a process
   * whatever share of the machine it got; NaN when unknown.
   */
  double cpuMicrosPerOp(double cores) {
    double rate = opsPerSecond();
    return Double.isNaN(cores) || rate <= 0 ? Double.NaN : cores / rate * 1e6;
  }

  double opsPerSecond() {
    return seconds <= 0 ? 0 : ops / seconds;
  }

  double mibPerSecond() {
    return seconds <= 0 ? 0 : bytes / seconds / Sizes.MIB;
  }
}
