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
import io.stowage.s3.http.GatewayConfig;
import io.stowage.s3.http.S3Gateway;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The admin server with the real S3 gateway (test-scope dependency on s3-gateway): the object
 * browser's proxy is signed as the logged-in key and verified by the gateway, live stats come from
 * the gateway's /_stowage/metrics, a key created in the admin API works from the AWS SDK within its
 * grants, and public read lets anonymous GETs through; the object browser's listing (prefixes,
 * paging), download, usage and delete work over the same path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminWithGatewayIT {
  static final String AK = "ROOTGWADMIN";
  static final String SK = "root-gw-admin-secret/with+specials";

  MiniCluster cluster;
  S3Gateway gateway;
  AdminServer admin;
  String base;
  String cookie;
  String csrf;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    cluster = MiniCluster.builder().groups(1).serversPerGroup(1).start();
    Promise<Void> put = Promise.promise();
    cluster.vertx().getOrCreateContext().runOnContext(v -> {
      FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
      new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses())).putCredential(new Credential(AK, SK, true, List.of("admin")))
          .eventually(pool::close).onComplete(put);
    });
    put.future().await(30, TimeUnit.SECONDS);
    gateway = MiniCluster.await(S3Gateway.start(cluster.vertx(), GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)
        .withCredentialCacheTtl(Duration.ofSeconds(1))));
    admin = MiniCluster.await(AdminServer.start(cluster.vertx(), AdminConfig.embedded("127.0.0.1", 0, cluster.trackerAddresses(),
        cluster.secret(), "http://127.0.0.1:" + gateway.port(), cluster.dir().resolve("audit.log"))));
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

  JsonObject send(HttpRequest r, int status) throws Exception {
    HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
    assertEquals(status, resp.statusCode(), resp.body());
    return resp.body().isEmpty() ? new JsonObject() : new JsonObject(resp.body());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  S3Client s3(String ak, String sk) {
    return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + gateway.port())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ak, sk)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
  }

  @Test
  void objectBrowserKeysAndStatsAgainstTheRealGateway() throws Exception {
    send(req("/api/buckets").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"real-gw\"}")).build(), 201);
    byte[] data = new byte[2 << 20];
    new Random(3).nextBytes(data);
    send(req("/api/buckets/real-gw/object?key=" + enc("docs/report 1.bin")).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), 201);
    JsonObject root = send(req("/api/buckets/real-gw/objects?delimiter=/").GET().build(), 200);
    assertEquals(new JsonArray().add("docs/"), root.getJsonArray("prefixes"));
    JsonObject docs = send(req("/api/buckets/real-gw/objects?delimiter=/&prefix=docs/").GET().build(), 200);
    assertEquals("docs/report 1.bin", docs.getJsonArray("objects").getJsonObject(0).getString("key"));
    assertEquals((long) data.length, docs.getJsonArray("objects").getJsonObject(0).getLong("size"));
    HttpResponse<byte[]> down = http.send(req("/api/buckets/real-gw/object?key=" + enc("docs/report 1.bin")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, down.statusCode());
    assertArrayEquals(data, down.body());

    // A key made in the admin API works from an S3 client, within its grants.
    JsonObject key = send(req("/api/keys").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("grants", new JsonArray().add("real-gw:rw")).encode())).build(), 201);
    try (S3Client c = s3(key.getString("accessKey"), key.getString("secretKey"))) {
      c.putObject(b -> b.bucket("real-gw").key("from-sdk.txt"), RequestBody.fromString("sdk"));
      assertEquals("sdk", c.getObjectAsBytes(b -> b.bucket("real-gw").key("from-sdk.txt")).asUtf8String());
      S3Exception denied = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class, () -> c.createBucket(b -> b.bucket("not-mine")));
      assertEquals(403, denied.statusCode());
    }
    send(req("/api/keys/" + key.getString("accessKey") + "/disable").POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      try (S3Client c = s3(key.getString("accessKey"), key.getString("secretKey"))) {
        S3Exception e = org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
            () -> c.getObjectAsBytes(b -> b.bucket("real-gw").key("from-sdk.txt")));
        assertEquals(403, e.statusCode());
      }
    });

    // Public read: anonymous GETs go through once the switch is on.
    URI anon = URI.create("http://127.0.0.1:" + gateway.port() + "/real-gw/from-sdk.txt");
    assertEquals(403, http.send(HttpRequest.newBuilder(anon).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    send(req("/api/buckets/real-gw/public-read").header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":true}"))
        .build(), 200);
    await().atMost(Duration.ofSeconds(20)).until(() -> http.send(HttpRequest.newBuilder(anon).GET().build(), HttpResponse.BodyHandlers.ofString())
        .statusCode() == 200);

    // Live stats from the gateway's /_stowage/metrics.
    await().atMost(Duration.ofSeconds(10)).until(() -> "up".equals(send(req("/api/stats").GET().build(), 200).getString("gateway")));
    send(req("/api/buckets/real-gw/object?key=later").PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(), 201);
    await().atMost(Duration.ofSeconds(10)).until(() -> send(req("/api/stats").GET().build(), 200).getJsonArray("operations", new JsonArray())
        .stream().anyMatch(o -> "PutObject".equals(((JsonObject) o).getString("operation"))));

    send(req("/api/buckets/real-gw/object?key=" + enc("docs/report 1.bin")).DELETE().build(), 200);
    assertTrue(send(req("/api/buckets/real-gw/objects?delimiter=/").GET().build(), 200).getJsonArray("prefixes").isEmpty());
  }

  JsonObject getJson(String path) throws Exception {
    return send(req(path).GET().build(), 200);
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
    // each 201 above is the real gateway accepting a request the admin server signed as the logged-in key

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
