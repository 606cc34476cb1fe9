package io.stowage.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.admin.api.Buckets;
import io.stowage.admin.api.Grants;
import io.stowage.admin.auth.Session;
import io.stowage.admin.auth.SessionStore;
import io.stowage.admin.cluster.CapacityForecast;
import io.stowage.admin.s3.S3Signer;
import io.stowage.admin.stats.GatewayStats;
import io.stowage.admin.stats.PromText;
import io.stowage.common.config.ConfigException;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.S3Metrics;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminUnitTest {
  @TempDir
  Path dir;

  @Test
  void sessionsExpireWhenIdleAndAtMaxAge() {
    AtomicLong now = new AtomicLong(1_000_000);
    SessionStore store = new SessionStore(60, 300, now::get);
    Session s = store.create("AK", "SK");
    now.addAndGet(59_000);
    assertTrue(store.find(s.id()).isPresent(), "touched within the idle timeout");
    now.addAndGet(59_000);
    assertTrue(store.find(s.id()).isPresent());
    now.addAndGet(61_000);
    assertTrue(store.find(s.id()).isEmpty(), "idle for over 60 s");
    Session t = store.create("AK", "SK");
    for (int i = 0; i < 7; i++) {
      now.addAndGet(50_000);
      store.find(t.id());
    }
    assertTrue(store.find(t.id()).isEmpty(), "absolute age over 300 s even when active");
    assertTrue(store.find("nope").isEmpty());
    assertTrue(store.find(null).isEmpty());
  }

  @Test
  void loginThrottleBlocksAnAddressAfterTenFailuresForAMinute() {
    AtomicLong now = new AtomicLong(0);
    io.stowage.admin.auth.LoginThrottle t = new io.stowage.admin.auth.LoginThrottle(now::get);
    for (int i = 0; i < 9; i++) {
      t.failed("10.0.0.1");
    }
    assertFalse(t.blocked("10.0.0.1"));
    t.failed("10.0.0.1");
    assertTrue(t.blocked("10.0.0.1"));
    assertFalse(t.blocked("10.0.0.2"));
    now.addAndGet(60_001);
    assertFalse(t.blocked("10.0.0.1"));
    for (int i = 0; i < 9; i++) {
      t.failed("10.0.0.3");
      now.addAndGet(10_000); // spread over 90 s: the window restarts
    }
    t.failed("10.0.0.3");
    assertFalse(t.blocked("10.0.0.3"));
  }

  @Test
  void alertsForDownServersFullPathsAndSkew() {
    long gib = 1L << 30;
    var ok = new io.stowage.admin.cluster.ClusterView.ServerRow("group1", 1, "h1", 1, "ACTIVE",
        List.of(new io.stowage.admin.cluster.ClusterView.PathRow(0, 100 * gib, 5 * gib)), 10_000, null, null, 128L << 20, "CATCHING_UP");
    var down = new io.stowage.admin.cluster.ClusterView.ServerRow("group2", 2, "h2", 2, "OFFLINE",
        List.of(new io.stowage.admin.cluster.ClusterView.PathRow(0, 100 * gib, 50 * gib)), 9_000, null, 120_000L, null, null);
    var ahead = new io.stowage.admin.cluster.ClusterView.ServerRow("group1", 3, "h3", 3, "ACTIVE",
        List.of(new io.stowage.admin.cluster.ClusterView.PathRow(0, 100 * gib, 50 * gib)), 30_000, null, null, 1000L, "IDLE");
    var snap = new io.stowage.admin.cluster.ClusterView.Snapshot(10_000, "t", List.of("t"),
        List.of(new io.stowage.admin.cluster.ClusterView.GroupRow("group1", 2, 2, 100 * gib, 5 * gib, null),
            new io.stowage.admin.cluster.ClusterView.GroupRow("group2", 1, 0, 100 * gib, 50 * gib, null)),
        List.of(ok, down, ahead), null);
    JsonObject a = io.stowage.admin.cluster.Alerts.compute(snap, 10_000);
    List<String> kinds = a.getJsonArray("alerts").stream().map(x -> ((JsonObject) x).getString("kind")).sorted().toList();
    assertEquals(List.of("clock-skew", "group-down", "server-status", "store-path-full", "sync-lag", "sync-lag"), kinds);
    assertEquals(6, a.getInteger("total"));
    assertTrue(a.encode().contains("128 MiB of binlog behind a peer (CATCHING_UP)"), a.encode());
    assertTrue(a.encode().contains("95.0 % used"), a.encode());
  }

  @Test
  void csrfTokenMustMatchTheSession() {
    SessionStore store = new SessionStore(60, 300, System::currentTimeMillis);
    Session a = store.create("AK", "SK");
    Session b = store.create("AK", "SK");
    assertTrue(SessionStore.csrfValid(a, a.csrfToken()));
    assertFalse(SessionStore.csrfValid(a, b.csrfToken()));
    assertFalse(SessionStore.csrfValid(a, null));
    assertFalse(SessionStore.csrfValid(a, ""));
    assertFalse(a.id().equals(a.csrfToken()));
    assertFalse(a.toString().contains("SK") || a.toString().contains(a.id()) || a.toString().contains(a.csrfToken()));
    store.removeKey("AK");
    assertEquals(0, store.size());
  }

  @Test
  void cookieIsHttpOnlyStrictAndSecureOnlyOverTls() {
    assertEquals("stowage_admin=abc; Path=/; HttpOnly; SameSite=Strict", SessionStore.cookie("abc", false));
    assertEquals("stowage_admin=abc; Path=/; HttpOnly; SameSite=Strict; Secure", SessionStore.cookie("abc", true));
    assertTrue(SessionStore.secretsEqual("s3cret", "s3cret"));
    assertFalse(SessionStore.secretsEqual("s3cret", "s3cre"));
    assertFalse(SessionStore.secretsEqual(null, "x"));
  }

  @Test
  void daysToFullFromAShrinkingLine() {
    long day = 86_400_000L;
    // 1 GiB free falling by 100 MiB an hour: 10.24 hours left.
    long gib = 1L << 30;
    long mib = 1L << 20;
    long[] t = {0, 1_800_000, 3_600_000};
    long[] f = {gib + 100 * mib, gib + 50 * mib, gib};
    assertEquals(10.24 / 24, CapacityForecast.daysToFull(t, f), 1e-9);
    assertNull(CapacityForecast.daysToFull(t, new long[] {gib, gib, gib}), "not filling");
    assertNull(CapacityForecast.daysToFull(t, new long[] {gib, gib + 1, gib + 2}), "growing");
    assertNull(CapacityForecast.daysToFull(new long[] {0, 30_000}, new long[] {2, 1}), "under a minute of history");
    assertEquals(0.0, CapacityForecast.daysToFull(new long[] {0, day}, new long[] {10, 0}), 1e-12);
    CapacityForecast c = new CapacityForecast();
    for (int i = 0; i <= 10; i++) {
      c.sample(7, i * 60_000L, 1_000_000 - i * 1000L);
      c.sample(7, i * 60_000L + 1000, 0); // too soon after the previous sample: ignored
    }
    // 1000 bytes per minute, 990000 left: 990 minutes.
    assertEquals(990.0 / 1440, c.daysToFull(7), 1e-9);
    assertNull(c.daysToFull(8));
  }

  @Test
  void paginationWalksEveryItemOnceWithPrefixAndTotals() {
    List<String> names = IntStream.range(0, 10_000).mapToObj(i -> String.format("bucket-%05d", i)).toList();
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      Buckets.Page<String> p = Buckets.page(names, s -> s, null, after, 1000);
      assertEquals(10_000, p.total());
      seen.addAll(p.items());
      after = p.nextAfter();
      pages++;
    } while (after != null);
    assertEquals(names, seen);
    assertEquals(10, pages);
    Buckets.Page<String> p = Buckets.page(names, s -> s, "bucket-0990", "bucket-09905", 3);
    assertEquals(List.of("bucket-09906", "bucket-09907", "bucket-09908"), p.items());
    assertEquals(10, p.total());
    assertTrue(p.truncated());
    assertEquals("bucket-09908", p.nextAfter());
    Buckets.Page<String> last = Buckets.page(names, s -> s, "bucket-0990", "bucket-09908", 3);
    assertEquals(List.of("bucket-09909"), last.items());
    assertFalse(last.truncated());
    assertNull(last.nextAfter());
    assertEquals(50, Buckets.limit(null));
    assertEquals(1000, Buckets.limit("100000"));
    assertEquals(1, Buckets.limit("0"));
    assertThrows(IllegalArgumentException.class, () -> Buckets.limit("x"));
  }

  @ParameterizedTest
  @CsvSource({"photos,true", "a.b-c,true", "ab,false", "Photos,false", "-ab,false", "ab-,false", "a..b,false", "192.168.1.1,false",
      "under_score,false"})
  void bucketNames(String name, boolean valid) {
    assertEquals(valid, Buckets.validName(name));
  }

  @ParameterizedTest
  @CsvSource({"admin,admin", "ADMIN,admin", "photos:rw,bucket:photos:read-write", "photos:r,bucket:photos:read",
      "bucket:logs:write,bucket:logs:write", "logs:admin,bucket:logs:admin", "logs:read-write,bucket:logs:read-write",
      "public-read:photos,public-read:photos"})
  void grantsNormalize(String in, String out) {
    assertEquals(out, Grants.normalize(in));
  }

  @Test
  void badGrantsAreRejectedAndKeysLookRight() {
    assertThrows(IllegalArgumentException.class, () -> Grants.normalize("photos:delete"));
    assertThrows(IllegalArgumentException.class, () -> Grants.normalize("root"));
    assertThrows(IllegalArgumentException.class, () -> Grants.normalize("BAD:rw"));
    assertThrows(IllegalArgumentException.class, () -> Grants.normalize("public-read:x"));
    assertEquals(List.of("admin", "bucket:a1b:read"), Grants.normalizeAll(List.of("admin", "a1b:r", "bucket:a1b:read")));
    java.security.SecureRandom r = new java.security.SecureRandom();
    assertTrue(Grants.newAccessKey(r).matches("SK[A-Z0-9]{18}"));
    assertEquals(40, Grants.newSecret(r).length());
  }

  @Test
  void signerMatchesTheAwsGetObjectExample() {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "GET Object".
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "examplebucket.s3.amazonaws.com");
    headers.put("range", "bytes=0-9");
    headers.put("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    headers.put("x-amz-date", "20130524T000000Z");
    String auth = S3Signer.authorization("GET", "/test.txt", "", headers, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "20130524T000000Z", "us-east-1", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertEquals("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", auth);
    assertEquals("a/b%20c/%C3%A9%2B~", S3Signer.encodePath("a/b c/é+~"));
    assertEquals("a%2Fb", S3Signer.encodeQuery("a/b"));
  }

  @Test
  void gatewayRatesAndP99FromSuccessiveScrapes() {
    MetricsRegistry gw = new MetricsRegistry();
    S3Metrics s3 = new S3Metrics(gw);
    GatewayStats stats = new GatewayStats();
    stats.add(0, gw.render());
    assertNull(stats.rates(), "one scrape gives no rate");
    for (int i = 0; i < 100; i++) {
      s3.record("GetObject", i < 10 ? 500 : 200, 20_000_000, 0, 1048576); // 20 ms, 1 MiB out
    }
    s3.record("PutObject", 200, 3_000_000_000L, 2 * 1048576, 0); // 3 s, 2 MiB in
    stats.add(2000, gw.render());
    JsonObject r = stats.rates();
    assertEquals(50.5, r.getDouble("opsPerSec"), 1e-9);
    assertEquals(5.0, r.getDouble("errorsPerSec"), 1e-9);
    assertEquals(50.0, r.getDouble("outMiBps"), 1e-9);
    assertEquals(1.0, r.getDouble("inMiBps"), 1e-9);
    JsonObject get = r.getJsonArray("operations").getJsonObject(0);
    assertEquals("GetObject", get.getString("operation"));
    assertEquals(50.0, get.getDouble("opsPerSec"), 1e-9);
    // 100 observations in (0.01, 0.025]: p99 = 0.01 + 0.015 * 0.99 s.
    assertEquals(24.85, get.getDouble("p99Ms"), 0.01);
    JsonObject put = r.getJsonArray("operations").getJsonObject(1);
    assertEquals(2500 + 2500 * 0.99, put.getDouble("p99Ms"), 0.01, "3 s lies in (2.5, 5]");
  }

  @Test
  void promTextParsesLabelsWithEscapes() {
    List<PromText.Sample> s = PromText.parse("# HELP x y\nx_total{a=\"q\\\"u\\\\o\",b=\"2\"} 3\ny 1.5e3\nz{le=\"+Inf\"} +Inf\nbroken{\n");
    assertEquals(3, s.size());
    assertEquals(Map.of("a", "q\"u\\o", "b", "2"), s.get(0).labels());
    assertEquals(3.0, s.get(0).value());
    assertEquals(1500.0, s.get(1).value());
    assertTrue(Double.isInfinite(s.get(2).value()));
  }

  @Test
  void configLoadsRangeChecksAndNamesTheKey() throws Exception {
    Path f = Files.writeString(dir.resolve("admin.conf"), """
        port = 0
        tracker_server = 127.0.0.1:22122
        tracker_server = 127.0.0.2:22122
        cluster_secret = s
        s3_endpoint = http://127.0.0.1:9000/
        audit_log = /tmp/audit.log
        """);
    AdminConfig c = AdminConfig.load(f, Map.of());
    assertEquals(0, c.port());
    assertEquals(2, c.trackers().size());
    assertEquals("http://127.0.0.1:9000", c.s3Endpoint());
    assertFalse(c.toString().contains("= s"));
    assertEquals(9001, AdminConfig.load(f, Map.of("STOWAGE_PORT", "9001")).port());
    ConfigException e = assertThrows(ConfigException.class, () -> AdminConfig.load(f, Map.of("STOWAGE_S3_ENDPOINT", "ftp://x")));
    assertTrue(e.getMessage().contains("s3_endpoint"));
    assertTrue(assertThrows(ConfigException.class, () -> AdminConfig.load(f, Map.of("STOWAGE_PORT", "70000"))).getMessage().contains("port"));
    Path g = Files.writeString(dir.resolve("bad.conf"), "cluster_secret = s\n");
    assertTrue(assertThrows(ConfigException.class, () -> AdminConfig.load(g, Map.of())).getMessage().contains("tracker_server"));
  }
}
