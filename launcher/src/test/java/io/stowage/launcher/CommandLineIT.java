package io.stowage.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded jar's command line: {@code --help} after a command prints the usage instead of
 * starting anything, and a mistyped option is refused (exit 2) instead of running on the defaults.
 */
class CommandLineIT {
  private static final Path JAR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
      .resolve("target/stowage.jar");

  @TempDir
  Path dir;

  private record Run(int exit, String output) {}

  private Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("'" + String.join(" ", args) + "' still running after 60 s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"server", "tracker", "bench-core", "cluster-state"})
  void helpAfterACommandPrintsTheUsage(String command) throws Exception {
    Run r = run(command, "--help");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().startsWith("usage: stowage <command>"), r.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"server --dta x", "bench-core --secnds 3", "storage --config x.conf --verbose",
      "cluster-state --summry"})
  void aMistypedOptionIsRefused(String line) throws Exception {
    String[] args = line.split(" ");
    Run r = run(args);
    assertEquals(2, r.exit(), r.output());
    String bad = java.util.Arrays.stream(args).filter(a -> a.startsWith("--") && !a.equals("--config"))
        .reduce((a, b) -> b).orElseThrow();
    assertTrue(r.output().contains("unknown option " + bad), r.output());
  }
}
