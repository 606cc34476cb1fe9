package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny real runs of the bench against a Stowage server process started from launcher/target/stowage.jar. */
class BenchIT {
  private static final Path STOWAGE_JAR = Path.of(System.getProperty("stowage.jar", "../launcher/target/stowage.jar"));
  private static final Path S3PROXY_JAR = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy.jar"));

  private static List<String> tinyRun(Path work, String... extra) {
    List<String> args = new ArrayList<>(List.of("--stowage-jar", STOWAGE_JAR.toString(),
        "--ops", "put,get", "--sizes", "4K", "--concurrency", "2", "--warmup", "1", "--duration", "1",
        "--client-warmup", "0.5",
        "--server-java-opts", "-Xms256m -Xmx512m", "--work-dir", work.toString(), "--no-progress"));
    if (!List.of(extra).contains("--rounds")) {
      args.addAll(List.of("--rounds", "1"));
    }
    args.addAll(List.of(extra));
    return args;
  }

  private static List<CaseResult> run(List<String> args, ByteArrayOutputStream out) throws Exception {
    BenchOptions o = BenchOptions.parse(args.toArray(String[]::new));
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new BenchRun(o, ps, ps).run();
  }

  /** The ops/s figure of a result line. */
  private static String rate(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\S+) ops/s").matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }

  @Test
  void putAndGetOf4KiBAgainstAStowageProcessHaveOpsAndNoErrors(@TempDir Path work) throws Exception {
    assumeTrue(Files.isRegularFile(STOWAGE_JAR), "no " + STOWAGE_JAR + ": build the launcher first (mvn -pl launcher package)");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<CaseResult> results = run(tinyRun(work, "--rounds", "2", "--round-warmup", "0.2"), out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, results.size(), text); // one median result per case and server
    for (CaseResult r : results) {
      assertEquals("stowage", r.server());
      assertTrue(r.ops() > 0, "no ops: " + Format.result(r));
      assertEquals(0, r.errors(), Format.result(r));
      assertEquals(r.ops() * 4096, r.bytes());
      assertTrue(r.cpu().serverCores() > 0, "the started server's CPU is sampled: " + Format.result(r));
      assertTrue(r.cpu().clientCores() > 0, Format.result(r));
    }
    assertTrue(text.contains("stowage      put 4KiB c2"), text);
    assertTrue(text.contains("stowage      get 4KiB c2"), text);
    for (String c : List.of("put", "get")) {
      String[] rounds = text.lines().filter(l -> l.startsWith("stowage      " + c + " 4KiB c2")).toArray(String[]::new);
      assertEquals(3, rounds.length, text);
      assertTrue(rounds[0].endsWith("(round 1/2)"), text);
      assertTrue(rounds[1].endsWith("(round 2/2)"), text);
      assertTrue(rounds[2].endsWith("(median of 2 rounds)"), text);
      String medianRate = rate(rounds[2]);
      assertTrue(medianRate.equals(rate(rounds[0])) || medianRate.equals(rate(rounds[1])), text);
    }
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the server's temporary directory is removed");
    }
  }

  @Test
  void compareS3ProxyRunsBothAlternatingAndWritesCsvAndPlot(@TempDir Path work) throws Exception {
    assumeTrue(Files.isRegularFile(STOWAGE_JAR), "no " + STOWAGE_JAR + ": build the launcher first (mvn -pl launcher package)");
    assumeTrue(Files.isRegularFile(S3PROXY_JAR), "no " + S3PROXY_JAR + ": mvn -pl bench package copies it there");
    Path csv = work.resolve("out/results.csv");
    Path png = work.resolve("out/results.png");
    Path servers = Files.createDirectories(work.resolve("servers"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> args = tinyRun(servers, "--compare", "s3proxy", "--s3proxy-jar", S3PROXY_JAR.toString(),
        "--csv", csv.toString(), "--plot", png.toString(), "--targets", "put:4K:2:s3proxy>=0.01");
    List<CaseResult> results = run(args, out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(List.of("stowage", "s3proxy", "stowage", "s3proxy"), results.stream().map(CaseResult::server).toList());
    for (CaseResult r : results) {
      assertTrue(r.ops() > 0, "no ops: " + Format.result(r));
      assertEquals(0, r.errors(), Format.result(r));
    }
    assertTrue(text.contains("stowage/s3proxy put 4KiB c2: "), text);
    assertTrue(text.contains("stowage/s3proxy get 4KiB c2: "), text);
    assertTrue(text.contains("PASS put 4KiB c2 vs s3proxy"), text);
    assertEquals(5, Files.readAllLines(csv).size());
    assertTrue(Files.size(png) > 5_000);
  }

  @Test
  void anExistingServerGetsItsBenchBucketDeletedAtTheEnd(@TempDir Path work) throws Exception {
    assumeTrue(Files.isRegularFile(STOWAGE_JAR), "no " + STOWAGE_JAR + ": build the launcher first (mvn -pl launcher package)");
    BenchOptions serverOptions = BenchOptions.parse(new String[] {"--stowage-jar", STOWAGE_JAR.toString(),
        "--server-java-opts", "-Xms256m -Xmx512m"});
    try (ServerHandle server = Servers.stowage(serverOptions, work)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<CaseResult> results = run(List.of("--endpoint", server.endpoint(), "--access-key", server.accessKey(),
          "--secret-key", server.secretKey(), "--ops", "put,list,delete", "--sizes", "4K", "--concurrency", "2",
          "--warmup", "0.5", "--duration", "1", "--client-warmup", "0", "--list-objects", "30", "--list-page", "10", "--no-progress"), out);
      String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(3, results.size(), text);
      for (CaseResult r : results) {
        assertTrue(r.ops() > 0, "no ops: " + Format.result(r));
        assertEquals(0, r.errors(), Format.result(r));
      }
      assertTrue(Double.isNaN(results.get(0).cpu().serverCores()), "no CPU figure for a server the bench did not start");
      try (var s3 = S3Store.client(server.endpoint(), "us-east-1", server.accessKey(), server.secretKey(), 2)) {
        assertEquals(List.of(), s3.listBuckets().buckets(), "the bench bucket is gone");
      }
    }
  }

  @Test
  void presignedPlainHttpGetsReadWhatTheSdkWroteAndAForgedSignatureIsRefused(@TempDir Path work) throws Exception {
    assumeTrue(Files.isRegularFile(STOWAGE_JAR), "no " + STOWAGE_JAR + ": build the launcher first (mvn -pl launcher package)");
    BenchOptions serverOptions = BenchOptions.parse(new String[] {"--stowage-jar", STOWAGE_JAR.toString(),
        "--server-java-opts", "-Xms256m -Xmx512m"});
    try (ServerHandle server = Servers.stowage(serverOptions, work);
         S3Store sdk = S3Store.withNewBucket("stowage",
             S3Store.client(server.endpoint(), "us-east-1", server.accessKey(), server.secretKey(), 2), "presigned");
         PresignedHttpStore http = new PresignedHttpStore(server, "us-east-1", "presigned", 2)) {
      byte[] body = new byte[300_000];
      new Random(7).nextBytes(body);
      sdk.put("k/1", body, body.length);
      byte[] buffer = new byte[64 * 1024];
      assertEquals(body.length, http.get("k/1", buffer), "the whole object, over plain HTTP");
      assertEquals(body.length, http.get("k/1", buffer), "the cached URL works again");
      Exception missing = assertThrows(IOException.class,
          () -> http.get("k/none", buffer));
      assertTrue(missing.getMessage().endsWith("HTTP 404") && !missing.getMessage().contains("X-Amz-Signature"),
          missing.getMessage());
      try (HttpStore plain = new HttpStore("forged", server.endpoint(), 1)) {
        String forged = http.url("k/1").replaceFirst("X-Amz-Signature=[0-9a-f]{64}", "X-Amz-Signature=" + "0".repeat(64));
        assertTrue(forged.endsWith("0".repeat(64)), forged);
        Exception refused = assertThrows(IOException.class,
            () -> plain.getUrl(forged, buffer));
        assertTrue(refused.getMessage().endsWith("HTTP 403"), refused.getMessage());
      }
    }
  }
}
