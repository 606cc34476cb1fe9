package io.stowage.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A goal from the performance issue: Stowage's ops/s for one case divided by a comparison server's
 * must reach {@code minRatio}. Written {@code put:4K:16:s3proxy>=1.5}.
 */
record TargetSpec(BenchCase benchCase, String against, double minRatio) {

  /**
   * The performance issue's targets: ratios to S3Proxy (no fsync) and to nginx serving the same bytes
   * (the HTTP ceiling on the machine). The issue leaves the 64 MiB PUT's concurrency open: 4 here.
   */
  static final String DEFAULTS = String.join(",",
      "put:4K:16:s3proxy>=1.5", "get:4K:16:s3proxy>=1.5",
      "put:1M:8:s3proxy>=1.3", "get:1M:8:s3proxy>=1.2", "get:1M:8:nginx>=0.85",
      "get:64M:1:nginx>=0.9", "get:64M:4:nginx>=0.9", "put:64M:4:s3proxy>=1.2");

  static List<TargetSpec> parseList(String text) {
    List<TargetSpec> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(parse(part.strip()));
      }
    }
    return out;
  }

  static TargetSpec parse(String text) {
    String[] sides = text.split(">=");
    String[] f = sides[0].split(":");
    if (sides.length != 2 || f.length != 4) {
      throw new IllegalArgumentException("target '" + text + "' is not OP:SIZE:CONCURRENCY:SERVER>=RATIO");
    }
    int conc;
    double ratio;
    try {
      conc = Integer.parseInt(f[2].strip().replaceFirst("^c", ""));
      ratio = Double.parseDouble(sides[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target '" + text + "' has a bad number");
    }
    return new TargetSpec(new BenchCase(Operation.parse(f[0]), Sizes.parse(f[1]), conc), f[3].strip(), ratio);
  }

  /** The same text {@link #parse} reads. */
  String text() {
    return benchCase.op().label() + ":" + Sizes.format(benchCase.size()) + ":" + benchCase.concurrency() + ":"
        + against + ">=" + minRatio;
  }
}
