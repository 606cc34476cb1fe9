package io.stowage.admin;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.admin.cli.AdminCli;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The admin server on port 0 against a real 2-group MiniCluster, driven over HTTP as the browser and the CLI do. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIT {
  static final String ROOT_AK = "ROOTADMINKEY";
  static final String ROOT_SK = "root-secret-never-logged-0123456789";

  MiniCluster cluster;
  AdminServer admin;
  Path audit;
  String base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start() throws Exception {
    cluster = MiniCluster.builder().groups(2).serversPerGroup(1).start();
    putCredential(new Credential(ROOT_AK, ROOT_SK, true, List.of("admin")));
    putCredential(new Credential("READONLYKEY", "readonly-secret", true, List.of("bucket:photos:read")));
    audit = cluster.dir().resolve("audit/admin-audit.log");
    admin = MiniCluster.await(AdminServer.start(cluster.vertx(),
        AdminConfig.embedded("127.0.0.1", 0, cluster.trackerAddresses(), cluster.secret(), null, audit)));
    base = "http://127.0.0.1:" + admin.port();
  }

  @AfterAll
  void stop() {
    if (admin != null) {
      MiniCluster.await(admin.stop());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  void putCredential(Credential c) throws Exception {
    on(() -> {
      FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
      return new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses())).putCredential(c).eventually(pool::close);
    });
  }

  <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    cluster.vertx().getOrCreateContext().runOnContext(v -> work.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  /** A logged-in browser: cookie and CSRF token. */
  record Login(String cookie, String csrf) {}

  HttpResponse<String> send(String method, String path, JsonObject body, Login who, boolean withCsrf) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (who != null) {
      b.header("Cookie", who.cookie());
      if (withCsrf) {
        b.header("X-CSRF-Token", who.csrf());
      }
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonObject ok(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  Login login(String ak, String sk) throws Exception {
    HttpResponse<String> r = send("POST", "/api/login", new JsonObject().put("accessKey", ak).put("secretKey", sk), null, false);
    JsonObject j = ok(r, 200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    return new Login(setCookie.substring(0, setCookie.indexOf(';')), j.getString("csrfToken"));
  }

  @Test
  void loginRejectsBadSecretsAndKeysWithoutAdminGrant() throws Exception {
    assertEquals(401, send("POST", "/api/login", new JsonObject().put("accessKey", ROOT_AK).put("secretKey", "wrong"), null, false).statusCode());
    assertEquals(401, send("POST", "/api/login", new JsonObject().put("accessKey", "NOSUCHKEY").put("secretKey", "x"), null, false).statusCode());
    assertEquals(401, send("POST", "/api/login", new JsonObject().put("accessKey", "READONLYKEY").put("secretKey", "readonly-secret"), null, false)
        .statusCode(), "no admin grant");
    assertEquals(401, send("GET", "/api/overview", null, null, false).statusCode(), "no session");
    assertEquals(401, send("GET", "/api/overview", null, new Login("stowage_admin=forged", "x"), false).statusCode());
    Login me = login(ROOT_AK, ROOT_SK);
    assertEquals(ROOT_AK, ok(send("GET", "/api/session", null, me, false), 200).getString("accessKey"));
    ok(send("POST", "/api/logout", null, me, true), 200);
    assertEquals(401, send("GET", "/api/session", null, me, false).statusCode(), "logged out");
  }

  @Test
  void stateChangesNeedTheCsrfToken() throws Exception {
    Login me = login(ROOT_AK, ROOT_SK);
    HttpResponse<String> r = send("POST", "/api/buckets", new JsonObject().put("name", "csrf-test"), me, false);
    assertEquals(403, r.statusCode());
    assertEquals("CsrfTokenMissing", new JsonObject(r.body()).getString("error"));
    assertEquals(403, send("POST", "/api/buckets", new JsonObject().put("name", "csrf-test"), new Login(me.cookie(), "wrong"), true).statusCode());
    Login other = login(ROOT_AK, ROOT_SK);
    assertEquals(403, send("POST", "/api/buckets", new JsonObject().put("name", "csrf-test"), new Login(me.cookie(), other.csrf()), true)
        .statusCode(), "another session's token");
    assertEquals(404, send("GET", "/api/buckets/csrf-test", null, me, false).statusCode(), "nothing was created");
  }

  @Test
  void overviewListsBothGroupsAndServersWithCapacity() throws Exception {
    Login me = login(ROOT_AK, ROOT_SK);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonObject o = ok(send("GET", "/api/overview", null, me, false), 200);
      JsonArray groups = o.getJsonArray("groups");
      assertEquals(List.of("group1", "group2"), groups.stream().map(g -> ((JsonObject) g).getString("name")).toList());
      assertEquals(2, o.getJsonObject("totals").getInteger("servers"));
      assertEquals(2L, o.getJsonObject("totals").getLong("activeServers"));
      assertTrue(o.getJsonObject("totals").getLong("totalBytes") > 0);
      JsonArray servers = ok(send("GET", "/api/servers", null, me, false), 200).getJsonArray("servers");
      assertEquals(2, servers.size());
      for (Object x : servers) {
        JsonObject s = (JsonObject) x;
        assertEquals("ACTIVE", s.getString("status"));
        assertNotNull(s.getLong("freeBytes"), "free space reported by heartbeats");
        assertTrue(s.getLong("lastBeatMs") > 0);
      }
    });
    JsonObject page = ok(send("GET", "/api/servers?limit=1", null, me, false), 200);
    assertEquals(1, page.getJsonArray("servers").size());
    assertTrue(page.getBoolean("truncated"));
    JsonObject rest = ok(send("GET", "/api/servers?limit=1&after=" + java.net.URLEncoder.encode(page.getString("nextAfter"), StandardCharsets.UTF_8),
        null, me, false), 200);
    assertEquals("group2", rest.getJsonArray("servers").getJsonObject(0).getString("group"));
    assertEquals(0, ok(send("GET", "/api/alerts", null, me, false), 200).getInteger("total"));
  }

  @Test
  void bucketsCreateListPageAndDelete() throws Exception {
    Login me = login(ROOT_AK, ROOT_SK);
    for (String n : List.of("bk-alpha", "bk-beta", "bk-gamma")) {
      JsonObject b = ok(send("POST", "/api/buckets", new JsonObject().put("name", n), me, true), 201);
      assertEquals(ROOT_AK, b.getString("owner"));
    }
    assertEquals(409, send("POST", "/api/buckets", new JsonObject().put("name", "bk-alpha"), me, true).statusCode());
    assertEquals(400, send("POST", "/api/buckets", new JsonObject().put("name", "Bad_Name"), me, true).statusCode());
    JsonObject p1 = ok(send("GET", "/api/buckets?prefix=bk-&limit=2", null, me, false), 200);
    assertEquals(3, p1.getInteger("total"));
    assertEquals(2, p1.getJsonArray("buckets").size());
    JsonObject p2 = ok(send("GET", "/api/buckets?prefix=bk-&limit=2&after=" + p1.getString("nextAfter"), null, me, false), 200);
    assertEquals("bk-gamma", p2.getJsonArray("buckets").getJsonObject(0).getString("name"));
    assertFalse(p2.getBoolean("truncated"));
    JsonObject usage = ok(send("GET", "/api/buckets/bk-alpha/usage", null, me, false), 200);
    assertEquals(0L, usage.getLong("objects"));
    assertEquals("0", usage.getString("objectsText"));
    JsonObject objects = ok(send("GET", "/api/buckets/bk-alpha/objects?delimiter=/", null, me, false), 200);
    assertEquals(0, objects.getJsonArray("objects").size());
    assertFalse(ok(send("GET", "/api/buckets/bk-alpha", null, me, false), 200).getBoolean("publicRead"));
    ok(send("PUT", "/api/buckets/bk-alpha/public-read", new JsonObject().put("enabled", true), me, true), 200);
    assertTrue(ok(send("GET", "/api/buckets/bk-alpha", null, me, false), 200).getBoolean("publicRead"));
    // What the gateway reads: a public-read:<bucket> grant on an enabled credential (the reserved holder).
    Credential holder = on(() -> {
      FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
      return new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses())).getCredential("_public-read").eventually(pool::close);
    });
    assertTrue(holder.enabled());
    assertEquals(List.of("public-read:bk-alpha"), holder.grants());
    // A key given the grant directly also makes the bucket public; turning it off removes it everywhere.
    JsonObject k = ok(send("POST", "/api/keys", new JsonObject().put("grants", new JsonArray().add("public-read:bk-beta").add("bk-beta:r")), me, true), 201);
    assertTrue(ok(send("GET", "/api/buckets/bk-beta", null, me, false), 200).getBoolean("publicRead"));
    ok(send("PUT", "/api/buckets/bk-beta/public-read", new JsonObject().put("enabled", false), me, true), 200);
    assertFalse(ok(send("GET", "/api/buckets/bk-beta", null, me, false), 200).getBoolean("publicRead"));
    assertEquals(new JsonArray().add("bucket:bk-beta:read"),
        ok(send("GET", "/api/keys/" + k.getString("accessKey"), null, me, false), 200).getJsonArray("grants"));
    ok(send("DELETE", "/api/keys/" + k.getString("accessKey"), null, me, true), 200);
    assertEquals(501, send("GET", "/api/buckets/bk-alpha/object?key=x", null, me, false).statusCode(), "no gateway configured");
    for (String n : List.of("bk-alpha", "bk-beta", "bk-gamma")) {
      ok(send("DELETE", "/api/buckets/" + n, null, me, true), 200);
    }
    assertEquals(0, ok(send("GET", "/api/buckets?prefix=bk-", null, me, false), 200).getInteger("total"));
    assertEquals(404, send("DELETE", "/api/buckets/bk-alpha", null, me, true).statusCode());
    String log = Files.readString(audit);
    assertTrue(log.contains("\"action\":\"bucket.create\",\"target\":\"bk-alpha\",\"result\":\"ok\""), log);
    assertTrue(log.contains("\"action\":\"bucket.delete\",\"target\":\"bk-gamma\",\"result\":\"ok\""), log);
  }

  @Test
  void keysSecretShownOnceDisableAndDelete() throws Exception {
    Login me = login(ROOT_AK, ROOT_SK);
    JsonObject k = ok(send("POST", "/api/keys", new JsonObject().put("grants", new JsonArray().add("admin").add("photos:rw")), me, true), 201);
    String ak = k.getString("accessKey");
    String sk = k.getString("secretKey");
    assertEquals(40, sk.length());
    assertEquals(new JsonArray().add("admin").add("bucket:photos:read-write"), k.getJsonArray("grants"));
    assertEquals(400, send("POST", "/api/keys", new JsonObject().put("grants", new JsonArray().add("photos:delete")), me, true).statusCode());

    HttpResponse<String> list = send("GET", "/api/keys?limit=1000", null, me, false);
    assertFalse(list.body().contains(sk), "listing never shows a secret");
    assertFalse(list.body().contains(ROOT_SK));
    assertFalse(list.body().contains("_public-read"), "reserved credentials are not listed");
    JsonObject row = ok(list, 200).getJsonArray("keys").stream().map(JsonObject.class::cast).filter(j -> j.getString("accessKey").equals(ak))
        .findFirst().orElseThrow();
    assertTrue(row.getBoolean("enabled"));
    assertNull(row.getString("secretKey"));
    assertFalse(send("GET", "/api/keys/" + ak, null, me, false).body().contains(sk));

    Login second = login(ak, sk);
    ok(send("POST", "/api/keys/" + ak + "/disable", null, me, true), 200);
    assertEquals(401, send("GET", "/api/session", null, second, false).statusCode(), "its sessions end at once");
    assertEquals(401, send("POST", "/api/login", new JsonObject().put("accessKey", ak).put("secretKey", sk), null, false).statusCode());
    assertFalse(ok(send("GET", "/api/keys/" + ak, null, me, false), 200).getBoolean("enabled"));
    assertEquals(409, send("POST", "/api/keys/" + ROOT_AK + "/disable", null, me, true).statusCode(), "no self-lockout");
    ok(send("POST", "/api/keys/" + ak + "/enable", null, me, true), 200);
    JsonObject g = ok(send("PUT", "/api/keys/" + ak + "/grants", new JsonObject().put("grants", new JsonArray().add("logs:r")), me, true), 200);
    assertEquals(new JsonArray().add("bucket:logs:read"), g.getJsonArray("grants"));
    ok(send("DELETE", "/api/keys/" + ak, null, me, true), 200);
    assertEquals(404, send("GET", "/api/keys/" + ak, null, me, false).statusCode());

    String log = Files.readString(audit);
    assertTrue(log.contains("\"action\":\"key.create\""), log);
    assertTrue(log.contains("\"action\":\"key.disable\",\"target\":\"" + ak + "\",\"result\":\"ok\""), log);
    assertTrue(log.contains("\"action\":\"login\",\"target\":\"" + ROOT_AK + "\",\"result\":\"denied\"") || log.contains("\"result\":\"denied\""), log);
    assertFalse(log.contains(sk) || log.contains(ROOT_SK) || log.contains("readonly-secret"), "no secret in the audit log");
    for (String line : log.split("\n")) {
      JsonObject j = new JsonObject(line);
      for (String field : List.of("time", "user", "action", "target", "result")) {
        assertNotNull(j.getValue(field), field + " in " + line);
      }
    }
  }

  @Test
  void keyDisabledElsewhereEndsItsSessionsWithinSeconds() throws Exception {
    putCredential(new Credential("OTHERADMIN", "other-admin-secret", true, List.of("admin")));
    Login other = login("OTHERADMIN", "other-admin-secret");
    putCredential(new Credential("OTHERADMIN", "other-admin-secret", false, List.of("admin"))); // e.g. by another admin server
    await().atMost(Duration.ofSeconds(15)).until(() -> send("GET", "/api/session", null, other, false).statusCode() == 401);
    assertTrue(Files.readString(audit).contains("\"action\":\"session.revoked\",\"target\":\"OTHERADMIN\""));
  }

  @Test
  void metricsAndHealthAtTheRoot() throws Exception {
    HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, m.statusCode());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    assertTrue(m.body().contains("# TYPE jvm_memory_bytes_used gauge"));
    assertTrue(m.body().contains("# TYPE stowage_admin_http_requests_total counter"));
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, index.statusCode());
    assertTrue(index.body().contains("Stowage admin"));
    assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
  }

  @Test
  void cliRunsEverySubcommandAgainstTheApi() throws Exception {
    String[] auth = {"--endpoint", base, "--access-key", ROOT_AK, "--secret-key", ROOT_SK};
    assertEquals(0, cli(auth, "buckets", "create", "cli-bucket").code());
    assertTrue(cli(auth, "buckets", "list").out().contains("cli-bucket"));
    assertEquals(0, cli(auth, "buckets", "public-read", "cli-bucket", "on").code());
    assertEquals(2, cli(auth, "buckets", "public-read", "cli-bucket", "maybe").code());
    CliRun objs = cli(auth, "objects", "list", "cli-bucket");
    assertEquals(0, objs.code(), objs.out());
    assertTrue(objs.out().contains("KEY"));
    CliRun cl = cli(auth, "cluster");
    assertEquals(0, cl.code(), cl.out());
    assertTrue(cl.out().contains("group1") && cl.out().contains("group2"), cl.out());
    CliRun created = cli(auth, "keys", "create", "--grant", "cli-bucket:rw");
    assertEquals(0, created.code(), created.out());
    String ak = created.out().lines().filter(l -> l.startsWith("access key: ")).findFirst().orElseThrow().substring(12).strip();
    assertTrue(created.out().contains("bucket:cli-bucket:read-write"));
    assertTrue(cli(auth, "keys", "list").out().contains(ak));
    assertEquals(0, cli(auth, "keys", "disable", ak).code());
    assertTrue(cli(auth, "keys", "list").out().lines().anyMatch(l -> l.startsWith(ak) && l.contains("disabled")));
    assertEquals(0, cli(auth, "keys", "enable", ak).code());
    assertEquals(0, cli(auth, "keys", "delete", ak).code());
    assertEquals(0, cli(auth, "buckets", "delete", "cli-bucket").code());
    assertEquals(1, cli(auth, "buckets", "delete", "cli-bucket").code(), "already gone");
    assertEquals(1, cli(new String[] {"--endpoint", base, "--access-key", ROOT_AK, "--secret-key", "bad"}, "cluster").code());
    assertEquals(2, cli(auth, "frobnicate").code());
  }

  record CliRun(int code, String out) {}

  CliRun cli(String[] auth, String... cmd) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String[] args = new String[auth.length + cmd.length];
    System.arraycopy(auth, 0, args, 0, auth.length);
    System.arraycopy(cmd, 0, args, auth.length, cmd.length);
    int code = AdminCli.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return new CliRun(code, buf.toString(StandardCharsets.UTF_8));
  }
}
