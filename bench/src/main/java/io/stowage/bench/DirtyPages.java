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
  /** The command as messages quote it. */
  private final String quoted;
  private boolean warned;

  DirtyPages() {
    this(List.of("sync"));
  }

  DirtyPages(List<String> command) {
    this.command = command;
    this.quoted = "'" + String.join(" ", command) + "'";
  }

  /**
   * Runs the flush and waits for it; returns whether it ran (when not, the reason goes to
   * {@code onProblem}, once per bench run).
   */
  boolean flush(Consumer<String> onProblem) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return problem(onProblem, quoted + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        return problem(onProblem, quoted + " exited with " + p.exitValue());
      }
    } catch (IOException e) {
      return problem(onProblem, "cannot run " + quoted + ": " + e.getMessage());
    }
    return true;
  }

  private boolean problem(Consumer<String> onProblem, String what) {
    if (!warned) {
      warned = true;
      onProblem.accept("bench: " + what + "; measuring without writing the page cache back first");
    }
    return false;
  }
}
