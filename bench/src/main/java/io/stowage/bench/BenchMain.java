package io.stowage.bench;

/** {@code stowage bench}: the S3 benchmark (see {@link BenchOptions#HELP}). */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] argv) {
    if (BenchOptions.wantsHelp(argv)) {
      System.out.print(BenchOptions.HELP);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("stowage bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      new BenchRun(options, System.out, System.err).run();
    } catch (Exception e) {
      System.err.println();
      System.err.println("stowage bench failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
    // the SDK's and HTTP clients' idle threads must not keep the JVM up
    System.exit(0);
  }
}
