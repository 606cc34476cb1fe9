package io.stowage.bench;

/**
 * Whether a target was met: the ratio of Stowage's ops/s to the comparison server's. Stowage cannot
 * pass with errors; errors of the other server are shown, since they make its number (and the ratio)
 * suspect. {@code measured} names the Stowage result compared: {@code stowage} (through the SDK), or
 * {@link PresignedHttpStore#NAME} against nginx.
 */
record Verdict(TargetSpec target, Outcome outcome, double ratio, long otherErrors, String measured) {
  enum Outcome { PASS, FAIL, NOT_RUN }

  /** Null results mean the case did not run against that server. */
  static Verdict judge(TargetSpec target, CaseResult stowage, CaseResult other) {
    if (stowage == null || other == null) {
      return new Verdict(target, Outcome.NOT_RUN, Double.NaN, 0, null);
    }
    double r = Ratio.of(stowage, other);
    boolean pass = stowage.errors() == 0 && stowage.ops() > 0 && r >= target.minRatio();
    return new Verdict(target, pass ? Outcome.PASS : Outcome.FAIL, r, other.errors(), stowage.server());
  }

  String line() {
    String c = target.benchCase().label() + " vs " + target.against()
        + (PresignedHttpStore.NAME.equals(measured) ? " (both read by one plain HTTP client)" : "");
    String t = " (target >= " + target.minRatio() + "x)";
    return switch (outcome) {
      case NOT_RUN -> "NOT RUN " + c + t + ": add --compare " + target.against();
      case PASS, FAIL -> outcome + " " + c + ": " + Format.ratio(ratio) + t
          + (otherErrors > 0 ? ", but " + target.against() + " had " + otherErrors + " errors" : "");
    };
  }
}
