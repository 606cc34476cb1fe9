package io.stowage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every result as one CSV row. */
final class ResultsCsv {
  static final String HEADER =
      "server,op,size_bytes,size,concurrency,seconds,ops,ops_per_s,mib_per_s,p50_ms,p99_ms,p999_ms,errors,"
          + "server_cpu_cores,client_cpu_cores";

  private ResultsCsv() {}

  static List<String> lines(List<CaseResult> results) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (CaseResult r : results) {
      BenchCase c = r.benchCase();
      lines.add(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%.3f,%d,%.2f,%.3f,%.3f,%.3f,%.3f,%d,%s,%s",
          r.server(), c.op().label(), c.size(), Sizes.format(c.size()), c.concurrency(), r.seconds(), r.ops(),
          r.opsPerSecond(), r.mibPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.errors(),
          csvCores(r.cpu().serverCores()), csvCores(r.cpu().clientCores())));
    }
    return lines;
  }

  /** Empty when unknown. */
  private static String csvCores(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }

  static void write(Path file, List<CaseResult> results) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.write(file, lines(results));
  }
}
