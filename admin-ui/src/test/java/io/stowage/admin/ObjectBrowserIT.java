package io.stowage.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The object browser's data path and the live stats against a {@link StubS3Gateway} (signature-checking
 * stand-in; admin-ui does not depend on s3-gateway) and a real storage server's key index.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectBrowserIT {
  static final String AK = "ROOTOBJKEY";
  static final String SK = "root-obj-secret/with+specials";

  MiniCluster cluster;
  StubS3Gateway gateway;
  AdminServer admin;
  String base;
  String cookie;
  String csrf;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  <T> T on(Context ctx, Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> work.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  @BeforeAll
  void start() throws Exception {
    cluster = MiniCluster.builder().groups(1).serversPerGroup(1).start();
    Context ctx = cluster.vertx().getOrCreateContext();
    on(ctx, () -> {
      FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
      return new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses())).putCredential(new Credential(AK, SK, true, List.of("admin")))
          .eventually(pool::close);
    });
    HostPort storage = new HostPort("127.0.0.1", cluster.storage("g1-1").port());
    gateway = on(ctx, () -> new StubS3Gateway(cluster.vertx(), AK, SK, storage, cluster.secret()).start());
    admin = MiniCluster.await(AdminServer.start(cluster.vertx(), AdminConfig.embedded("127.0.0.1", 0, cluster.trackerAddresses(),
        cluster.secret(), "http://127.0.0.1:" + gateway.port(), Files.createTempDirectory("audit").resolve("audit.log"))));
    base = "http://127.0.0.1:" + admin.port();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("accessKey", AK).put("secretKey", SK).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    csrf = new JsonObject(r.body()).getString("csrfToken");
  }

  @AfterAll
  void stop() {
    if (admin != null) {
      MiniCluster.await(admin.stop());
    }
    if (gateway != null) {
      MiniCluster.await(gateway.stop());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Cookie", cookie).header("X-CSRF-Token", csrf);
  }

  JsonObject getJson(String path) throws Exception {
    HttpResponse<String> r = http.send(req(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  void upload(String key, byte[] data) throws Exception {
    HttpResponse<String> r = http.send(req("/api/buckets/docs/object?key=" + enc(key)).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
  }

  static List<String> strings(JsonArray a) {
    return a.stream().map(x -> x instanceof JsonObject j ? j.getString("key") : (String) x).toList();
  }

  @Test
  void uploadListDownloadDeleteThroughTheGateway() throws Exception {
    HttpResponse<String> created = http.send(req("/api/buckets").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"docs\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    upload("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
    upload("dir/b.bin", big);
    upload("dir/sub/c d é+.txt", "unicode".getBytes(StandardCharsets.UTF_8));
    upload("dir/sub/e.txt", "e".getBytes(StandardCharsets.UTF_8));
    upload("zeta.txt", "z".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, gateway.badSignatures, "every proxied request was signed as the logged-in key");

    JsonObject root = getJson("/api/buckets/docs/objects?delimiter=/");
    assertEquals(List.of("dir/"), strings(root.getJsonArray("prefixes")));
    assertEquals(List.of("a.txt", "zeta.txt"), strings(root.getJsonArray("objects")));
    JsonObject dir = getJson("/api/buckets/docs/objects?delimiter=/&prefix=dir/");
    assertEquals(List.of("dir/sub/"), strings(dir.getJsonArray("prefixes")));
    assertEquals(List.of("dir/b.bin"), strings(dir.getJsonArray("objects")));
    assertEquals((long) big.length, dir.getJsonArray("objects").getJsonObject(0).getLong("size"));

    // Paging with a delimiter: a.txt | dir/ | zeta.txt, one per page.
    JsonObject p1 = getJson("/api/buckets/docs/objects?delimiter=/&limit=1");
    assertEquals(List.of("a.txt"), strings(p1.getJsonArray("objects")));
    JsonObject p2 = getJson("/api/buckets/docs/objects?delimiter=/&limit=1&after=" + enc(p1.getString("nextAfter")));
    assertEquals(List.of("dir/"), strings(p2.getJsonArray("prefixes")));
    JsonObject p3 = getJson("/api/buckets/docs/objects?delimiter=/&limit=1&after=" + enc(p2.getString("nextAfter")));
    assertEquals(List.of("zeta.txt"), strings(p3.getJsonArray("objects")));
    assertFalse(p3.getBoolean("truncated"));

    HttpResponse<byte[]> down = http.send(req("/api/buckets/docs/object?key=" + enc("dir/b.bin")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, down.statusCode());
    assertArrayEquals(big, down.body());
    assertTrue(down.headers().firstValue("Content-Disposition").orElse("").contains("b.bin"));
    HttpResponse<byte[]> uni = http.send(req("/api/buckets/docs/object?key=" + enc("dir/sub/c d é+.txt")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("unicode", new String(uni.body(), StandardCharsets.UTF_8));
    assertEquals(404, http.send(req("/api/buckets/docs/object?key=nope").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());

    JsonObject usage = getJson("/api/buckets/docs/usage");
    assertEquals(5L, usage.getLong("objects"));
    assertEquals(big.length + 5L + 7 + 1 + 1, usage.getLong("bytes"));

    assertEquals(409, http.send(req("/api/buckets/docs").DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "not empty");
    assertEquals(200, http.send(req("/api/buckets/docs/object?key=a.txt").DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(List.of("zeta.txt"), strings(getJson("/api/buckets/docs/objects?delimiter=/").getJsonArray("objects")));

    // Live stats: the gateway's counters turn into rates.
    await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(getJson("/api/stats").getString("gateway")));
    upload("later.txt", new byte[1000]);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonObject s = getJson("/api/stats");
      return s.containsKey("opsPerSec") && s.getJsonArray("operations").stream().anyMatch(o -> "PutObject".equals(((JsonObject) o).getString("operation")));
    });
  }
}
