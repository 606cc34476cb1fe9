package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

  @Test
  void noOptionsRunExactlyTheTargetCasesAgainstAFreshStowage() {
    BenchOptions o = BenchOptions.parse(new String[0]);
    assertTrue(o.startsStowage());
    assertEquals(List.of(), o.compare());
    assertEquals(Duration.ofSeconds(10), o.warmup());
    assertEquals(Duration.ofSeconds(3), o.duration());
    assertEquals(3, o.rounds());
    assertEquals(Duration.ofSeconds(1), o.roundWarmup());
    assertEquals(Duration.ofSeconds(5), o.clientWarmup());
    assertEquals(BenchOptions.DEFAULT_SERVER_JAVA_OPTS, o.serverJavaOpts());
    assertEquals(List.of(
        new BenchCase(Operation.PUT, 4096, 16), new BenchCase(Operation.GET, 4096, 16),
        new BenchCase(Operation.PUT, Sizes.MIB, 8), new BenchCase(Operation.GET, Sizes.MIB, 8),
        new BenchCase(Operation.GET, 64 * Sizes.MIB, 1), new BenchCase(Operation.GET, 64 * Sizes.MIB, 4),
        new BenchCase(Operation.PUT, 64 * Sizes.MIB, 4)), o.cases());
  }

  @Test
  void opsSizesAndConcurrencyMakeACrossProductWithPutBeforeGet() {
    BenchOptions o = BenchOptions.parse(new String[] {"--ops", "put,get", "--sizes", "4K,1M", "--concurrency=1,16"});
    assertEquals(List.of(
        new BenchCase(Operation.PUT, 4096, 1), new BenchCase(Operation.GET, 4096, 1),
        new BenchCase(Operation.PUT, 4096, 16), new BenchCase(Operation.GET, 4096, 16),
        new BenchCase(Operation.PUT, Sizes.MIB, 1), new BenchCase(Operation.GET, Sizes.MIB, 1),
        new BenchCase(Operation.PUT, Sizes.MIB, 16), new BenchCase(Operation.GET, Sizes.MIB, 16)), o.cases());
  }

  @Test
  void everyOptionIsRead() {
    BenchOptions o = BenchOptions.parse(new String[] {
        "--endpoint", "http://127.0.0.1:9000", "--server-pids", "41,42", "--access-key", "AK", "--secret-key", "SK", "--region", "eu-west-1",
        "--compare", "s3proxy,nginx", "--s3proxy-jar", "/x/s3proxy.jar", "--nginx", "/opt/nginx",
        "--stowage-jar", "/x/stowage.jar", "--server-java-opts", "-Xmx2g",
        "--ops", "multipart", "--sizes", "64M", "--concurrency", "2", "--warmup", "0.5", "--duration", "2s",
        "--rounds", "5", "--round-warmup", "0.25", "--client-warmup", "0",
        "--fill-objects", "40", "--delete-objects", "50", "--list-objects", "60", "--list-page", "100",
        "--part-size", "16M", "--mixed-get-percent", "90", "--csv", "r.csv", "--plot", "r.png",
        "--work-dir", "/tmp/w", "--keep-work-dir", "--no-progress", "--targets", "put:4K:16:s3proxy>=2"});
    assertFalse(o.startsStowage());
    assertEquals(List.of(41L, 42L), o.serverPids());
    assertEquals("AK", o.accessKey());
    assertEquals("SK", o.secretKey());
    assertEquals("eu-west-1", o.region());
    assertEquals(List.of("s3proxy", "nginx"), o.compare());
    assertEquals(Path.of("/x/s3proxy.jar"), o.s3proxyJar());
    assertEquals(Path.of("/opt/nginx"), o.nginxBinary());
    assertEquals(Path.of("/x/stowage.jar"), o.stowageJar());
    assertEquals("-Xmx2g", o.serverJavaOpts());
    assertEquals(List.of(new BenchCase(Operation.MULTIPART, 64 * Sizes.MIB, 2)), o.cases());
    assertEquals(Duration.ofMillis(500), o.warmup());
    assertEquals(Duration.ofSeconds(2), o.duration());
    assertEquals(5, o.rounds());
    assertEquals(Duration.ofMillis(250), o.roundWarmup());
    assertEquals(Duration.ZERO, o.clientWarmup());
    assertEquals(40, o.fillObjects());
    assertEquals(50, o.deleteObjects());
    assertEquals(60, o.listObjects());
    assertEquals(100, o.listPage());
    assertEquals(16 * Sizes.MIB, o.partSize());
    assertEquals(90, o.mixedGetPercent());
    assertEquals(Path.of("r.csv"), o.csv());
    assertEquals(Path.of("r.png"), o.plot());
    assertEquals(Path.of("/tmp/w"), o.workDir());
    assertFalse(o.progress());
    assertTrue(o.keepWorkDir());
    assertEquals(List.of(new TargetSpec(new BenchCase(Operation.PUT, 4096, 16), "s3proxy", 2.0)), o.targets());
  }

  @Test
  void aDeleteCaseRunsOneRoundWhateverRoundsSays() {
    assertEquals(1, BenchRun.roundsOf(new BenchCase(Operation.DELETE, 4096, 16), 3));
    assertEquals(3, BenchRun.roundsOf(new BenchCase(Operation.PUT, 4096, 16), 3));
    assertEquals(3, BenchRun.roundsOf(new BenchCase(Operation.MULTIPART, 64 * Sizes.MIB, 2), 3));
  }

  @Test
  void csvAndPlotAreOffByDefaultAndProgressOn() {
    BenchOptions o = BenchOptions.parse(new String[0]);
    assertNull(o.csv());
    assertNull(o.plot());
    assertTrue(o.progress());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--compare minio|only s3proxy and nginx",
      "--ops upload|unknown operation 'upload'",
      "--sizes 4Q|'4Q' is not a size",
      "--concurrency 0|outside 1..4096",
      "--duration 0|--duration must be more than 0",
      "--rounds 0|outside 1..100",
      "--part-size 1M|at least 5M",
      "--endpoint http://x --access-key AK|needs --access-key and --secret-key",
      "--server-pids 41|--server-pids goes with --endpoint",
      "--durration 5|unknown option --durration",
      "--targets put:4K:s3proxy>=1|not OP:SIZE:CONCURRENCY:SERVER>=RATIO",
      "stray|unexpected argument 'stray'"})
  void badOptionsAreRejectedWithAMessageNamingThem(String args, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(args.split(" ")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void helpDocumentsEveryOptionTheParserReads() {
    for (String option : List.of("--endpoint", "--server-pids", "--access-key", "--secret-key", "--region", "--stowage-jar",
        "--server-java-opts", "--compare", "--s3proxy-jar", "--nginx", "--targets", "--ops", "--sizes",
        "--concurrency", "--warmup", "--client-warmup", "--duration", "--rounds", "--round-warmup", "--fill-objects", "--delete-objects", "--list-objects",
        "--list-page", "--part-size", "--mixed-get-percent", "--csv", "--plot", "--work-dir", "--keep-work-dir",
        "--no-progress",
        "--help")) {
      assertTrue(BenchOptions.HELP.contains(option + " "), option);
    }
    assertTrue(BenchOptions.wantsHelp(new String[] {"--sizes", "4K", "--help"}));
  }
}
