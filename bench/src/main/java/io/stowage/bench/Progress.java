package io.stowage.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The carriage-return-updated status line on stderr while a case runs. */
final class Progress {
  private final PrintStream err;
  private final boolean enabled;
  private int lastLength;

  Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** {@code [stowage] put 4KiB c16  measure 4.0/10s  ops 9,876  2,469 ops/s  errors 0}. */
  synchronized void show(String server, BenchCase c, String phase, double elapsed, double total, long ops,
                         double opsPerSecond, long errors) {
    String line = String.format(Locale.ROOT, "[%s] %s  %s %.1f/%.0fs  ops %,d  %s ops/s  errors %d",
        server, c.label(), phase, elapsed, total, ops, Format.number(opsPerSecond), errors);
    print(line);
  }

  synchronized void message(String text) {
    print(text);
  }

  /** Wipes the line so that a result printed on stdout starts on a clean line. */
  synchronized void clear() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  private void print(String line) {
    if (!enabled) {
      return;
    }
    String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
    err.print("\r" + line + pad);
    err.flush();
    lastLength = line.length();
  }
}
