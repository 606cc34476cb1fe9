package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A cluster run by {@code scripts/local-cluster.sh} in a temp directory: every role its own JVM
 * from {@code launcher/target/stowage.jar}, real signals through the script's kill / pause / resume /
 * start. {@link #close()} runs {@code down --purge}, whatever happened.
 */
final class LocalCluster implements AutoCloseable {
  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  /** The jar the script runs: {@code STOWAGE_JAR} when set (the script reads it too), else the shaded build output. */
  static final Path JAR = System.getenv("STOWAGE_JAR") != null ? Path.of(System.getenv("STOWAGE_JAR"))
      : MODULE.resolve("target/stowage.jar");
  private static final Path SCRIPT = MODULE.resolveSibling("scripts").resolve("local-cluster.sh");
  private static final Pattern SERVER = Pattern.compile("(\\d+) [^ ]+:(\\d+) ([A-Z_]+)");
  private static final Pattern LEADER = Pattern.compile("trackers \\(leader tracker(\\d+)\\)");

  private final Path dir;
  private final List<S3Client> clients = new ArrayList<>();

  private LocalCluster(Path dir) {
    this.dir = dir;
  }

  /** Skips the calling test (with the reason) when the jar or the script is missing. */
  static void assumeBuilt() {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "skipped: " + JAR + " is missing (build it with mvn -pl launcher package)");
    Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "skipped: " + SCRIPT + " is missing");
  }

  /** {@code up} with these options (e.g. {@code --trackers 1 --groups 1 --replicas 2}); torn down if it fails. */
  static LocalCluster up(String... options) throws Exception {
    assumeBuilt();
    LocalCluster c = new LocalCluster(Files.createTempDirectory("fault-it"));
    try {
      List<String> args = new ArrayList<>(List.of("up"));
      args.addAll(List.of(options));
      c.ok(args.toArray(String[]::new));
    } catch (Throwable t) {
      c.close();
      throw t;
    }
    return c;
  }

  record Result(int code, String output) {}

  Result script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--dir", dir.toString()));
    Path out = Files.createTempFile("local-cluster", ".out");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " timed out:\n" + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs the script and asserts it succeeded (the processes' last log lines in the message when not). */
  Result ok(String... args) throws IOException, InterruptedException {
    Result r = script(args);
    assertEquals(0, r.code(), () -> "local-cluster.sh " + String.join(" ", args) + " failed:\n" + r.output() + logs());
    return r;
  }

  /** The last lines of every process's log, for failure messages. */
  String logs() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
      for (Path f : s.sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        b.append("\n--- ").append(f.getFileName()).append(" (last 20 lines)\n");
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException | RuntimeException e) {
      b.append("\n(no logs: ").append(e).append(')');
    }
    return b.toString();
  }

  /** How many lines of process {@code name}'s log contain {@code text}. */
  long logLines(String name, String text) throws IOException {
    Path f = dir.resolve("logs").resolve(name + ".log");
    if (!Files.exists(f)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  Map<String, String> env() throws IOException {
    Map<String, String> m = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  /** An AWS SDK v2 client with default settings on gateway {@code n} (1-based); closed with the cluster. */
  S3Client s3(int n) throws IOException {
    return s3(n, false);
  }

  /**
   * The same without the SDK's retries: every request must succeed at its first attempt (the
   * gateway itself has to route around a failed storage server).
   */
  S3Client s3NoRetry(int n) throws IOException {
    return s3(n, true);
  }

  private S3Client s3(int n, boolean noRetry) throws IOException {
    Map<String, String> env = env();
    var b = S3Client.builder().endpointOverride(URI.create(env.get("S3_ENDPOINT_" + n))).region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("ACCESS_KEY"), env.get("SECRET_KEY"))));
    if (noRetry) {
      b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    S3Client c = b.build();
    clients.add(c);
    return c;
  }

  /** The server ID local-cluster.sh gives {@code storage-g<group>-<member>}. */
  static int serverId(String storageName) {
    Matcher m = Pattern.compile("storage-g(\\d+)-(\\d+)").matcher(storageName);
    if (!m.matches()) {
      throw new IllegalArgumentException(storageName);
    }
    return 100000 + 1000 * Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
  }

  /** The trackers' status of every storage server, by server ID, from {@code status}. */
  Map<Integer, String> statuses() throws IOException, InterruptedException {
    Map<Integer, String> out = new HashMap<>();
    for (String line : ok("status").output().lines().toList()) {
      if (line.startsWith("group")) {
        Matcher m = SERVER.matcher(line);
        while (m.find()) {
          out.put(Integer.parseInt(m.group(1)), m.group(3));
        }
      }
    }
    return out;
  }

  /** Waits until the trackers say {@code storageName} has {@code status}. */
  void awaitStatus(String storageName, String status, Duration atMost) {
    int id = serverId(storageName);
    Awaitility.await(storageName + " " + status).atMost(atMost).pollInterval(Duration.ofSeconds(1))
        .until(() -> status.equals(statuses().get(id)));
  }

  /** The name ({@code tracker-N}) of the Raft leader, from {@code status}. */
  String leader() throws IOException, InterruptedException {
    String s = ok("status").output();
    Matcher m = LEADER.matcher(s);
    if (!m.find()) {
      throw new AssertionError("no leader in status:\n" + s);
    }
    return "tracker-" + m.group(1);
  }

  /**
   * {@code stowage cluster-state --summary} asked of tracker {@code trackerName} alone, waiting (up
   * to {@code timeoutSeconds}) until it reports {@code active} storage servers ACTIVE; null when it
   * did not in time.
   */
  String stateFrom(String trackerName, int active, int timeoutSeconds) throws IOException, InterruptedException {
    String port = Files.readAllLines(dir.resolve("etc").resolve(trackerName + ".conf")).stream()
        .filter(l -> l.startsWith("port ")).map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst().orElseThrow();
    Path out = Files.createTempFile("cluster-state", ".out");
    try {
      Process p = new ProcessBuilder("java", "-Xmx128m", "-jar", JAR.toString(), "cluster-state", "--trackers",
          "127.0.0.1:" + port, "--secret-file", dir.resolve("cluster.secret").toString(), "--await-active",
          String.valueOf(active), "--timeout", String.valueOf(timeoutSeconds), "--summary")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeoutSeconds + 60L, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String text = Files.readString(out);
      return p.exitValue() == 0 ? text : null;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    clients.forEach(S3Client::close);
    if (Files.isDirectory(dir)) {
      script("down", "--purge");
    }
  }
}
