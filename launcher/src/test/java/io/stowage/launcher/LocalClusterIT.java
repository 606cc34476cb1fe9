package io.stowage.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/local-cluster.sh} end to end: 3 trackers, 2 groups of 2 storage servers and 2
 * gateways as separate processes from {@code launcher/target/stowage.jar}; S3 put/get with the AWS
 * SDK v2 through both gateways, a storage server of each group killed with SIGKILL, get again, down.
 * Skipped (with the reason) when the jar has not been built.
 */
class LocalClusterIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  /** The jar the script runs: {@code STOWAGE_JAR} when set (the script reads it too), else the shaded build output. */
  private static final Path JAR = System.getenv("STOWAGE_JAR") != null ? Path.of(System.getenv("STOWAGE_JAR"))
      : MODULE.resolve("target/stowage.jar");
  private static final Path SCRIPT = MODULE.resolveSibling("scripts").resolve("local-cluster.sh");
  private Path dir;

  private record Result(int code, String output) {}

  private Result script(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--dir", dir.toString()));
    Path out = Files.createTempFile("local-cluster", ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " timed out:\n" + Files.readString(out));
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    Files.deleteIfExists(out);
    return new Result(p.exitValue(), text);
  }

  private Result ok(String... args) throws IOException, InterruptedException {
    Result r = script(args);
    assertEquals(0, r.code(), () -> "local-cluster.sh " + String.join(" ", args) + " failed:\n" + r.output() + logs());
    return r;
  }

  private String logs() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
      for (Path f : s.sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        b.append("\n--- ").append(f.getFileName()).append(" (last 30 lines)\n");
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException | RuntimeException e) {
      b.append("\n(no logs: ").append(e).append(')');
    }
    return b.toString();
  }

  private Map<String, String> env() throws IOException {
    Map<String, String> m = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  private static S3Client s3(String endpoint, Map<String, String> env) {
    return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(env.get("ACCESS_KEY"), env.get("SECRET_KEY"))))
        .build();
  }

  @AfterEach
  void down() throws Exception {
    if (dir != null && Files.isDirectory(dir)) {
      script("down", "--purge");
    }
  }

  @Test
  void upPutGetThroughBothGatewaysSurvivesAKilledStorageServerAndDown() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "skipped: " + JAR + " is missing (build it with mvn -pl launcher package)");
    Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "skipped: " + SCRIPT + " is missing");
    dir = Files.createTempDirectory("local-cluster-it");

    ok("up", "--trackers", "3", "--groups", "2", "--replicas", "2", "--gateways", "2");
    Map<String, String> env = env();
    assertEquals(3, env.get("TRACKERS").split(",").length, env.toString());
    for (String name : List.of("tracker_1", "tracker_2", "tracker_3", "storage_g1_1", "storage_g1_2", "storage_g2_1",
        "storage_g2_2", "gateway_1", "gateway_2")) {
      assertTrue(env.getOrDefault("PID_" + name, "").matches("[0-9]+"), name + " has no pid: " + env);
    }

    String status = ok("status").output();
    assertTrue(status.contains("storage-g2-2") && status.contains("running") && status.contains("LEADER"), status);

    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    try (S3Client gw1 = s3(env.get("S3_ENDPOINT_1"), env); S3Client gw2 = s3(env.get("S3_ENDPOINT_2"), env)) {
      gw1.createBucket(b -> b.bucket("local-cluster"));
      gw1.putObject(b -> b.bucket("local-cluster").key("a/b.bin"), RequestBody.fromBytes(data));
      gw2.putObject(b -> b.bucket("local-cluster").key("c.txt"), RequestBody.fromString("hello"));
      assertArrayEquals(data, gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
      assertEquals("hello", gw1.getObjectAsBytes(b -> b.bucket("local-cluster").key("c.txt")).asUtf8String());

      // SIGKILL one member of each group: the other member of the bucket's group still serves
      ok("kill", "storage-g1-1");
      ok("kill", "storage-g2-1");
      assertEquals("", env().get("PID_storage_g1_1"));
      assertTrue(ok("status").output().lines().anyMatch(l -> l.startsWith("storage-g1-1") && l.contains("stopped")));
      Awaitility.await("GET through both gateways after the kills").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            assertArrayEquals(data, gw1.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
            assertArrayEquals(data, gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
          });

      // start one again: it comes back (SYNCING -> ACTIVE) and the data still reads back
      ok("start", "storage-g1-1");
      assertTrue(env().get("PID_storage_g1_1").matches("[0-9]+"));
      assertEquals("hello", gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("c.txt")).asUtf8String());
    }

    ok("down");
    String after = ok("status").output();
    assertTrue(after.lines().filter(l -> l.matches("^(tracker|storage|gateway)-.*")).allMatch(l -> l.contains("stopped")), after);
  }
}
