package io.stowage.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the machine's dirty page cache to disk ({@code sync}) before a measured run, so that no
 * server pays for another's deferred writes. A server that does not fsync (S3Proxy, nginx) leaves
 * gigabytes in the page cache after a large PUT; the kernel writes them back during whatever runs
 * next, and a server that writes to the disk itself (O_DIRECT, fsync) then shares the disk with that
 * writeback. Each server's own writes during its window still count against it.
 */
final class DirtyPages {
  static final long TIMEOUT_SECONDS = 300;

  private final List<String> command;
  private boolean warned;

  DirtyPages() {
    this(List.of("sync"));
  }

  DirtyPages(List<String> command) {
    this.command = command;
  }

  /**
   * Runs the flush and waits for it; returns its seconds, or -1 when it could not run (then the
   * reason goes to {@code onProblem}, once per bench run).
   */
  double flush(Consumer<String> onProblem) throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return problem(onProblem, "'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        return problem(onProblem, "'" + String.join(" ", command) + "' exited with " + p.exitValue());
      }
    } catch (IOException e) {
      return problem(onProblem, "cannot run '" + String.join(" ", command) + "': " + e.getMessage());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private double problem(Consumer<String> onProblem, String what) {
    if (!warned) {
      warned = true;
      onProblem.accept("bench: " + what + "; measuring without writing the page cache back first");
    }
    return -1;
  }
}
