package io.stowage.bench;

import java.util.List;
import java.util.Locale;

/** The text the bench prints: one line per result, ratio lines and the summary table. */
final class Format {
  private Format() {}

  static String result(CaseResult r) {
    String line = String.format(Locale.ROOT, "%-12s %-22s %11s ops/s %10s MiB/s  p50 %8s  p99 %8s  p999 %8s  errors %d",
        r.server(), r.benchCase().label(), number(r.opsPerSecond()), number(r.mibPerSecond()),
        ms(r.p50Ms()), ms(r.p99Ms()), ms(r.p999Ms()), r.errors());
    if (!Double.isNaN(r.cpu().serverCores()) || !Double.isNaN(r.cpu().clientCores())) {
      line += "  cpu server " + cores(r.cpu().serverCores()) + perOp(r, r.cpu().serverCores())
          + " client " + cores(r.cpu().clientCores()) + perOp(r, r.cpu().clientCores());
    }
    if (r.firstError() != null) {
      return line + "  (first error: " + r.firstError() + ")";
    }
    return r.ops() == 0 ? line + "  (no request finished inside the window: raise --duration)" : line;
  }

  /** {@code   stowage/s3proxy put 4KiB c16: 1.62x}. */
  static String ratioLine(CaseResult stowage, CaseResult other) {
    return "  " + stowage.server() + "/" + other.server() + " " + stowage.benchCase().label() + ": "
        + ratio(Ratio.of(stowage, other));
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
  }

  /** Thousands separators, one decimal below 100. */
  static String number(double v) {
    return v < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Cores used, or "-" when unknown. */
  static String cores(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** {@code " (49 us/op)"}, or nothing when unknown. */
  private static String perOp(CaseResult r, double cores) {
    double us = r.cpuMicrosPerOp(cores);
    return Double.isNaN(us) ? "" : " (" + number(us) + " us/op)";
  }

  /** CPU microseconds per request, or "-" when unknown. */
  private static String micros(double us) {
    return Double.isNaN(us) ? "-" : number(us);
  }

  static String ms(double v) {
    return v < 10 ? String.format(Locale.ROOT, "%.2fms", v) : String.format(Locale.ROOT, "%.1fms", v);
  }

  /** A Markdown table (pastes into docs/performance.md as is). */
  static String summary(List<CaseResult> results) {
    StringBuilder s = new StringBuilder();
    s.append("| server | op | size | conc | ops/s | MiB/s | p50 ms | p99 ms | p999 ms | errors | server cores |"
        + " client cores | server CPU us/op | client CPU us/op |\n");
    s.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CaseResult r : results) {
      BenchCase c = r.benchCase();
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %.2f | %.2f | %.2f | %d | %s | %s | %s | %s |%n",
          r.server(), c.op().label(), Sizes.format(c.size()).replaceFirst("(\\d)([KMG]?i?B)$", "$1 $2"),
          c.concurrency(), number(r.opsPerSecond()), number(r.mibPerSecond()), r.p50Ms(), r.p99Ms(), r.p999Ms(),
          r.errors(), cores(r.cpu().serverCores()), cores(r.cpu().clientCores()),
          micros(r.cpuMicrosPerOp(r.cpu().serverCores())), micros(r.cpuMicrosPerOp(r.cpu().clientCores()))));
    }
    return s.toString();
  }
}
