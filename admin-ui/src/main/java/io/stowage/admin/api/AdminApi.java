package io.stowage.admin.api;

import io.stowage.admin.auth.AuditLog;
import io.stowage.admin.auth.LoginThrottle;
import io.stowage.admin.auth.Session;
import io.stowage.admin.auth.SessionStore;
import io.stowage.admin.cluster.Alerts;
import io.stowage.admin.cluster.ClusterView;
import io.stowage.admin.s3.S3Proxy;
import io.stowage.admin.stats.LiveStats;
import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.IndexEntry;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin JSON API under {@code /api/}: login, cluster overview and servers, alerts, live stats
 * (SSE), buckets, access keys, and the object browser. Every route but login needs a session cookie;
 * every state-changing method also needs {@code X-CSRF-Token}; every action is audited. Errors are
 * {@code {"error":"<Code>","message"}} with a matching HTTP status.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  static final String SESSION = "session";
  /** Objects counted per bucket at most; beyond it the UI says "10000+". */
  public static final int COUNT_LIMIT = 10_000;
  private static final int INDEX_PAGE = 1000;
  /** A code point after every other: skips all keys starting with a prefix. */
  private static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));

  private final ClusterClient cluster;
  private final IndexClient index;
  private final ClusterView view;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final S3Proxy s3;
  private final LiveStats live;
  private final boolean secureCookie;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();
  private final LoginThrottle throttle;

  public AdminApi(ClusterClient cluster, IndexClient index, ClusterView view, SessionStore sessions, AuditLog audit, S3Proxy s3,
      LiveStats live, boolean secureCookie, LongSupplier clock) {
    this.cluster = cluster;
    this.index = index;
    this.view = view;
    this.sessions = sessions;
    this.audit = audit;
    this.s3 = s3;
    this.live = live;
    this.secureCookie = secureCookie;
    this.clock = clock;
    this.throttle = new LoginThrottle(clock);
  }

  /** Adds the API routes to {@code router}. */
  public void mount(Router router) {
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(1 << 20);
    router.post("/api/login").handler(body).handler(this::login);
    router.route("/api/*").handler(this::requireSession);
    router.get("/api/session").handler(this::session);
    router.post("/api/logout").handler(this::logout);
    router.get("/api/overview").handler(this::overview);
    router.get("/api/servers").handler(this::servers);
    router.delete("/api/servers/:group/:server").handler(this::deleteServer);
    router.get("/api/alerts").handler(this::alerts);
    router.get("/api/stats").handler(ctx -> json(ctx, 200, live.latest()));
    router.get("/api/stream").handler(this::stream);
    router.get("/api/buckets").handler(this::listBuckets);
    router.post("/api/buckets").handler(body).handler(this::createBucket);
    router.get("/api/buckets/:bucket").handler(this::getBucket);
    router.get("/api/buckets/:bucket/usage").handler(this::bucketUsage);
    router.delete("/api/buckets/:bucket").handler(this::deleteBucket);
    router.put("/api/buckets/:bucket/public-read").handler(body).handler(this::setPublicRead);
    router.get("/api/buckets/:bucket/objects").handler(this::listObjects);
    router.get("/api/buckets/:bucket/object").handler(this::download);
    router.put("/api/buckets/:bucket/object").handler(this::upload);
    router.delete("/api/buckets/:bucket/object").handler(this::deleteObject);
    router.get("/api/keys").handler(this::listKeys);
    router.post("/api/keys").handler(body).handler(this::createKey);
    router.get("/api/keys/:key").handler(this::getKey);
    router.put("/api/keys/:key/grants").handler(body).handler(this::setGrants);
    router.post("/api/keys/:key/disable").handler(ctx -> setEnabled(ctx, false));
    router.post("/api/keys/:key/enable").handler(ctx -> setEnabled(ctx, true));
    router.delete("/api/keys/:key").handler(this::deleteKey);
    router.route("/api/*").handler(ctx -> error(ctx, 404, "NotFound", "no such API route"));
  }

  // ---------------------------------------------------------------- sessions

  private void login(RoutingContext ctx) {
    String ct = ctx.request().getHeader("Content-Type");
    if (ct == null || !ct.toLowerCase().startsWith("application/json")) {
      error(ctx, 415, "UnsupportedMediaType", "send JSON");
      return;
    }
    JsonObject req = bodyJson(ctx);
    if (req == null) {
      return;
    }
    String ak = req.getString("accessKey", "");
    String sk = req.getString("secretKey", "");
    String remote = remote(ctx);
    if (throttle.blocked(remote)) {
      audit.record(ak, "login", ak, "throttled", remote);
      ctx.response().putHeader("Retry-After", Long.toString(LoginThrottle.BLOCK_MS / 1000));
      error(ctx, 429, "TooManyAttempts", "too many failed logins from this address: wait a minute");
      return;
    }
    if (ak.isEmpty() || sk.isEmpty() || ak.startsWith("_")) {
      throttle.failed(remote);
      audit.record(ak, "login", ak, "denied", remote);
      error(ctx, 401, "InvalidCredentials", "wrong access key or secret key");
      return;
    }
    cluster.getCredential(ak).onComplete(ar -> {
      if (ar.failed() && ProtoException.codeOf(ar.cause()) != ErrorCode.ENOENT) {
        audit.record(ak, "login", ak, "error: trackers unavailable", remote);
        error(ctx, 503, "ServiceUnavailable", "the trackers did not answer");
        return;
      }
      Credential c = ar.succeeded() ? ar.result() : null;
      // Compare even for unknown keys so timing says nothing about which keys exist.
      boolean secretOk = SessionStore.secretsEqual(c == null ? "-no-such-key-" + sk + "x" : c.secretKey(), sk);
      if (c == null || !secretOk || !c.enabled() || !Grants.isAdmin(c.grants())) {
        throttle.failed(remote);
        audit.record(ak, "login", ak, "denied", remote);
        error(ctx, 401, "InvalidCredentials", c != null && secretOk ? "this key has no admin grant or is disabled"
            : "wrong access key or secret key");
        return;
      }
      throttle.succeeded(remote);
      Session s = sessions.create(ak, sk);
      audit.record(ak, "login", ak, "ok", remote);
      ctx.response().putHeader("Set-Cookie", SessionStore.cookie(s.id(), secureCookie));
      json(ctx, 200, new JsonObject().put("accessKey", ak).put("csrfToken", s.csrfToken()));
    });
  }

  /**
   * Ends the sessions of keys that were deleted, disabled, lost the admin grant or changed secret
   * since login (by another admin server or the CLI); run every few seconds.
   */
  public Future<Void> revalidateSessions() {
    sessions.purge();
    List<Future<Void>> checks = new ArrayList<>();
    for (Session s : sessions.onePerKey()) {
      checks.add(cluster.getCredential(s.accessKey()).transform(ar -> {
        boolean gone = ar.failed() && ProtoException.codeOf(ar.cause()) == ErrorCode.ENOENT;
        boolean revoked = ar.succeeded() && (!ar.result().enabled() || !Grants.isAdmin(ar.result().grants())
            || !SessionStore.secretsEqual(ar.result().secretKey(), s.secretKey()));
        if (gone || revoked) {
          sessions.removeKey(s.accessKey());
          audit.record(s.accessKey(), "session.revoked", s.accessKey(), gone ? "key deleted" : "key disabled or changed", "");
        }
        return Future.succeededFuture();
      }));
    }
    return Future.join(checks).mapEmpty();
  }

  private void requireSession(RoutingContext ctx) {
    io.vertx.core.http.Cookie cookie = ctx.request().getCookie(SessionStore.COOKIE);
    Session s = cookie == null ? null : sessions.find(cookie.getValue()).orElse(null);
    if (s == null) {
      error(ctx, 401, "LoginRequired", "log in first");
      return;
    }
    HttpMethod m = ctx.request().method();
    if (m != HttpMethod.GET && m != HttpMethod.HEAD && !SessionStore.csrfValid(s, ctx.request().getHeader(SessionStore.CSRF_HEADER))) {
      audit.record(s.accessKey(), "csrf-rejected", m + " " + ctx.request().path(), "403", remote(ctx));
      error(ctx, 403, "CsrfTokenMissing", "missing or wrong " + SessionStore.CSRF_HEADER + " header");
      return;
    }
    ctx.put(SESSION, s);
    ctx.next();
  }

  private void session(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    json(ctx, 200, new JsonObject().put("accessKey", s.accessKey()).put("csrfToken", s.csrfToken()).put("objectBrowser", s3 != null));
  }

  private void logout(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    sessions.remove(s.id());
    audit.record(s.accessKey(), "logout", s.accessKey(), "ok", remote(ctx));
    ctx.response().putHeader("Set-Cookie", SessionStore.clearCookie(secureCookie));
    json(ctx, 200, new JsonObject());
  }

  // ---------------------------------------------------------------- cluster

  private void overview(RoutingContext ctx) {
    int limit = limitParam(ctx);
    if (limit < 0) {
      return;
    }
    String after = ctx.request().getParam("after");
    view.current().onSuccess(snap -> {
      long now = clock.getAsLong();
      Buckets.Page<ClusterView.GroupRow> page = Buckets.page(snap.groups(), ClusterView.GroupRow::name, null, after, limit);
      JsonArray groups = new JsonArray();
      page.items().forEach(g -> groups.add(g.toJson()));
      JsonArray trackers = new JsonArray();
      snap.trackers().forEach(t -> trackers.add(new JsonObject().put("address", t).put("leader", t.equals(snap.leader()))));
      JsonObject totals = new JsonObject().put("groups", snap.groups().size()).put("servers", snap.servers().size())
          .put("activeServers", snap.activeServers()).put("totalBytes", snap.totalBytes()).put("freeBytes", snap.freeBytes())
          .put("usedBytes", Math.max(0, snap.totalBytes() - snap.freeBytes()));
      Double dtf = snap.groups().stream().map(ClusterView.GroupRow::daysToFull).filter(java.util.Objects::nonNull).min(Double::compare).orElse(null);
      totals.put("daysToFull", dtf);
      JsonObject alerts = Alerts.compute(snap, now);
      json(ctx, 200, new JsonObject().put("fetchedMs", snap.fetchedMs()).put("leader", snap.leader()).put("trackers", trackers)
          .put("error", snap.error()).put("totals", totals).put("groups", groups).put("nextAfter", page.nextAfter())
          .put("truncated", page.truncated()).put("alertCount", alerts.getInteger("total")));
    });
  }

  static String serverKey(ClusterView.ServerRow s) {
    return s.group() + " " + String.format("%08d", s.serverId());
  }

  private void servers(RoutingContext ctx) {
    int limit = limitParam(ctx);
    if (limit < 0) {
      return;
    }
    String group = ctx.request().getParam("group");
    String status = ctx.request().getParam("status");
    String after = ctx.request().getParam("after");
    view.current().onSuccess(snap -> {
      long now = clock.getAsLong();
      List<ClusterView.ServerRow> rows = new ArrayList<>();
      for (ClusterView.ServerRow r : snap.servers()) {
        if ((group == null || group.isEmpty() || r.group().equals(group)) && (status == null || status.isEmpty() || r.status().equals(status))) {
          rows.add(r);
        }
      }
      rows.sort(java.util.Comparator.comparing(AdminApi::serverKey));
      Buckets.Page<ClusterView.ServerRow> page = Buckets.page(rows, AdminApi::serverKey, null, after, limit);
      JsonArray out = new JsonArray();
      page.items().forEach(r -> out.add(r.toJson(now)));
      json(ctx, 200, new JsonObject().put("servers", out).put("total", page.total()).put("nextAfter", page.nextAfter())
          .put("truncated", page.truncated()));
    });
  }

  private void alerts(RoutingContext ctx) {
    view.current().onSuccess(snap -> json(ctx, 200, Alerts.compute(snap, clock.getAsLong())));
  }

  private void stream(RoutingContext ctx) {
    ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    ctx.response().write(": stowage admin live stats\n\n");
    if (!live.addStream(ctx.response())) {
      ctx.response().end("event: error\ndata: too many streams\n\n");
    }
  }

  // ---------------------------------------------------------------- buckets

  private void listBuckets(RoutingContext ctx) {
    int limit = limitParam(ctx);
    if (limit < 0) {
      return;
    }
    String prefix = ctx.request().getParam("prefix");
    String after = ctx.request().getParam("after");
    cluster.listBuckets().onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      Buckets.Page<BucketInfo> page = Buckets.page(ar.result(), BucketInfo::name, prefix, after, limit);
      JsonArray out = new JsonArray();
      page.items().forEach(b -> out.add(b.toJson()));
      json(ctx, 200, new JsonObject().put("buckets", out).put("total", page.total()).put("nextAfter", page.nextAfter())
          .put("truncated", page.truncated()));
    });
  }

  private void createBucket(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    JsonObject req = bodyJson(ctx);
    if (req == null) {
      return;
    }
    String name = req.getString("name", "");
    String group = req.getString("group");
    if (!Buckets.validName(name)) {
      audited(ctx, s, "bucket.create", name, Future.failedFuture(new ProtoException(ErrorCode.EINVAL,
          "bucket names are 3..63 characters of a-z 0-9 . - starting and ending with a letter or digit")), null);
      return;
    }
    audited(ctx, s, "bucket.create", name, cluster.createBucket(name, group == null || group.isEmpty() ? null : group, s.accessKey())
        .map(BucketInfo::toJson), 201);
  }

  private void getBucket(RoutingContext ctx) {
    String name = ctx.pathParam("bucket");
    cluster.getBucket(name).compose(b -> publicReadOf(name).map(pr -> b.toJson().put("publicRead", pr))).onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, 200, ar.result());
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  /** Every credential (without secrets), following CREDENTIAL_LIST's pages. */
  private Future<List<JsonObject>> allCredentials(String after, List<JsonObject> acc) {
    return cluster.trackers().internal(Commands.CREDENTIAL_LIST, new JsonObject().put("after", after).put("limit", 1000)).compose(page -> {
      JsonArray a = page.getJsonArray("credentials", new JsonArray());
      a.forEach(x -> acc.add((JsonObject) x));
      boolean more = page.getBoolean("truncated", false) && !a.isEmpty();
      return more ? allCredentials(a.getJsonObject(a.size() - 1).getString("accessKey"), acc) : Future.succeededFuture(acc);
    });
  }

  /** Whether anonymous clients may read the bucket: an enabled credential carries {@code public-read:<bucket>}. */
  private Future<Boolean> publicReadOf(String bucket) {
    String grant = Grants.publicReadGrant(bucket);
    return allCredentials("", new ArrayList<>()).map(all -> all.stream()
        .anyMatch(c -> c.getBoolean("enabled", false) && c.getJsonArray("grants", new JsonArray()).contains(grant)));
  }

  private void setPublicRead(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    JsonObject req = bodyJson(ctx);
    if (req == null) {
      return;
    }
    String bucket = ctx.pathParam("bucket");
    boolean on = req.getBoolean("enabled", false);
    Future<JsonObject> f = cluster.getBucket(bucket).compose(b -> updatePublicRead(bucket, on)).map(v -> new JsonObject().put("publicRead", on));
    audited(ctx, s, on ? "bucket.public-read.on" : "bucket.public-read.off", bucket, f, null);
  }

  /**
   * On: adds {@code public-read:<bucket>} to the reserved holder credential (created enabled with a
   * random secret if absent). Off: removes it from every credential that carries it.
   */
  private Future<Void> updatePublicRead(String bucket, boolean on) {
    String grant = Grants.publicReadGrant(bucket);
    if (on) {
      return cluster.getCredential(Grants.PUBLIC_HOLDER)
          .recover(e -> ProtoException.codeOf(e) == ErrorCode.ENOENT
              ? Future.succeededFuture(new Credential(Grants.PUBLIC_HOLDER, Grants.newSecret(random), true, List.of()))
              : Future.failedFuture(e))
          .compose(c -> {
            List<String> g = new ArrayList<>(c.grants());
            g.remove(grant);
            g.add(grant);
            return cluster.putCredential(new Credential(Grants.PUBLIC_HOLDER, c.secretKey(), true, g));
          });
    }
    return allCredentials("", new ArrayList<>()).compose(all -> {
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject c : all) {
        if (c.getJsonArray("grants", new JsonArray()).contains(grant)) {
          String ak = c.getString("accessKey");
          chain = chain.compose(v -> cluster.getCredential(ak)).compose(full -> {
            List<String> g = new ArrayList<>(full.grants());
            g.remove(grant);
            return cluster.putCredential(new Credential(ak, full.secretKey(), full.enabled(), g));
          });
        }
      }
      return chain;
    });
  }

  /** An ACTIVE storage server of the group, or a failure the API renders as 503. */
  private Future<HostPort> activeMember(String group) {
    return view.current().compose(snap -> {
      List<ClusterView.ServerRow> active = snap.servers().stream().filter(r -> r.group().equals(group) && "ACTIVE".equals(r.status())).toList();
      if (active.isEmpty()) {
        return Future.failedFuture(new ProtoException(ErrorCode.EAGAIN, "group " + group + " has no ACTIVE storage server"));
      }
      ClusterView.ServerRow r = active.get(ThreadLocalRandom.current().nextInt(active.size()));
      return Future.succeededFuture(new HostPort(r.host(), r.port()));
    });
  }

  private void bucketUsage(RoutingContext ctx) {
    String name = ctx.pathParam("bucket");
    cluster.getBucket(name).compose(b -> activeMember(b.homeGroup())).compose(server -> count(server, name, "", 0, 0))
        .onComplete(ar -> {
          if (ar.failed()) {
            fail(ctx, ar.cause());
            return;
          }
          long[] r = ar.result();
          boolean capped = r[2] == 1;
          json(ctx, 200, new JsonObject().put("objects", r[0]).put("objectsText", capped ? COUNT_LIMIT + "+" : Long.toString(r[0]))
              .put("bytes", r[1]).put("capped", capped));
        });
  }

  /** {objects, bytes, capped(0/1)} counting at most {@link #COUNT_LIMIT} keys. */
  private Future<long[]> count(HostPort server, String bucket, String after, long n, long bytes) {
    return index.list(server, bucket, "", after, INDEX_PAGE).compose(page -> {
      long c = n;
      long b = bytes;
      String last = after;
      for (IndexEntry e : page.entries()) {
        if (c >= COUNT_LIMIT) {
          return Future.succeededFuture(new long[] {c, b, 1});
        }
        c++;
        b += e.entry() == null ? 0 : e.entry().getLong("size", 0L);
        last = e.key();
      }
      if (!page.truncated() || page.entries().isEmpty()) {
        return Future.succeededFuture(new long[] {c, b, 0});
      }
      return count(server, bucket, last, c, b);
    });
  }

  private void deleteBucket(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    String name = ctx.pathParam("bucket");
    Future<JsonObject> f = cluster.getBucket(name).compose(b -> activeMember(b.homeGroup()))
        .compose(server -> index.isEmpty(server, name))
        .compose(empty -> empty ? cluster.deleteBucket(name)
            : Future.failedFuture(new ApiException(409, "BucketNotEmpty", "bucket " + name + " still has objects: delete them first")))
        .compose(v -> updatePublicRead(name, false).recover(e -> Future.succeededFuture()))
        .map(v -> new JsonObject());
    audited(ctx, s, "bucket.delete", name, f, null);
  }

  // ---------------------------------------------------------------- objects

  private void listObjects(RoutingContext ctx) {
    int limit = limitParam(ctx);
    if (limit < 0) {
      return;
    }
    String bucket = ctx.pathParam("bucket");
    String prefix = param(ctx, "prefix");
    String delimiter = param(ctx, "delimiter");
    String after = param(ctx, "after");
    String start = after.compareTo(prefix) < 0 ? "" : after;
    if (!delimiter.isEmpty() && start.length() > prefix.length() && start.endsWith(delimiter)) {
      start = start + MAX_CHAR; // continue after everything under a common prefix
    }
    String startAfter = start;
    cluster.getBucket(bucket).compose(b -> activeMember(b.homeGroup())).compose(server -> {
      ObjectListing l = new ObjectListing(prefix, delimiter, limit);
      return scan(server, bucket, l, startAfter, 0);
    }).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else {
        json(ctx, 200, ar.result().toJson());
      }
    });
  }

  private Future<ObjectListing> scan(HostPort server, String bucket, ObjectListing l, String startAfter, int calls) {
    return index.list(server, bucket, l.prefix, startAfter, INDEX_PAGE).compose(page -> {
      String next = l.consume(page.entries());
      if (l.full() || !page.truncated() || page.entries().isEmpty()) {
        l.truncated = l.full() && (page.truncated() || l.leftover);
        return Future.succeededFuture(l);
      }
      if (calls >= 20) {
        l.truncated = true;
        return Future.succeededFuture(l);
      }
      return scan(server, bucket, l, next, calls + 1);
    });
  }

  /** Folds index entries into objects and common prefixes, S3 ListObjects-style. */
  static final class ObjectListing {
    final String prefix;
    final String delimiter;
    final int limit;
    final JsonArray prefixes = new JsonArray();
    final JsonArray objects = new JsonArray();
    String lastName;
    String lastPrefix;
    boolean truncated;
    boolean leftover;

    ObjectListing(String prefix, String delimiter, int limit) {
      this.prefix = prefix;
      this.delimiter = delimiter;
      this.limit = limit;
    }

    boolean full() {
      return prefixes.size() + objects.size() >= limit;
    }

    /** Consumes a page; returns the startAfter for the next index call. */
    String consume(List<IndexEntry> entries) {
      String next = null;
      for (int i = 0; i < entries.size(); i++) {
        IndexEntry e = entries.get(i);
        String key = e.key();
        next = key;
        if (lastPrefix != null && key.startsWith(lastPrefix)) {
          next = lastPrefix + MAX_CHAR;
          continue;
        }
        if (full()) {
          leftover = true;
          return next;
        }
        String rest = key.substring(prefix.length());
        int d = delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
        if (d >= 0) {
          lastPrefix = prefix + rest.substring(0, d + delimiter.length());
          prefixes.add(lastPrefix);
          lastName = lastPrefix;
          next = lastPrefix + MAX_CHAR;
        } else {
          JsonObject en = e.entry() == null ? new JsonObject() : e.entry();
          objects.add(new JsonObject().put("key", key).put("size", en.getLong("size", 0L)).put("etag", en.getString("etag"))
              .put("lastModified", en.getLong("lastModified", 0L)).put("contentType", en.getString("contentType")));
          lastName = key;
        }
      }
      return next;
    }

    JsonObject toJson() {
      return new JsonObject().put("prefix", prefix).put("delimiter", delimiter).put("prefixes", prefixes).put("objects", objects)
          .put("truncated", truncated).put("nextAfter", truncated ? lastName : null);
    }
  }

  private boolean needS3(RoutingContext ctx) {
    if (s3 == null) {
      error(ctx, 501, "NotImplemented", "no s3_endpoint configured: the object browser needs the S3 gateway");
      return false;
    }
    return true;
  }

  private void download(RoutingContext ctx) {
    if (!needS3(ctx)) {
      return;
    }
    Session s = ctx.get(SESSION);
    String bucket = ctx.pathParam("bucket");
    String key = requiredKey(ctx);
    if (key == null) {
      return;
    }
    s3.download(s, bucket, key, ctx.response()).onComplete(ar -> {
      audit.record(s.accessKey(), "object.download", bucket + "/" + key, ar.succeeded() ? String.valueOf(ctx.response().getStatusCode())
          : "error: " + ar.cause().getMessage(), remote(ctx));
      if (ar.failed() && !ctx.response().headWritten()) {
        error(ctx, 502, "BadGateway", "the S3 gateway did not answer: " + ar.cause().getMessage());
      } else if (ar.failed()) {
        ctx.response().reset();
      }
    });
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    if (!needS3(ctx)) {
      return;
    }
    Session s = ctx.get(SESSION);
    String bucket = ctx.pathParam("bucket");
    String key = requiredKey(ctx);
    if (key == null) {
      return;
    }
    String len = req.getHeader("Content-Length");
    long length;
    try {
      length = Long.parseLong(len);
    } catch (NumberFormatException | NullPointerException e) {
      error(ctx, 411, "MissingContentLength", "send Content-Length");
      return;
    }
    Future<JsonObject> f = s3.upload(s, bucket, key, req, length, req.getHeader("Content-Type")).compose(a -> gatewayAnswer(a)
        .map(j -> j.put("key", key).put("size", length)));
    audited(ctx, s, "object.upload", bucket + "/" + key, f, 201);
  }

  private void deleteObject(RoutingContext ctx) {
    if (!needS3(ctx)) {
      return;
    }
    Session s = ctx.get(SESSION);
    String bucket = ctx.pathParam("bucket");
    String key = requiredKey(ctx);
    if (key == null) {
      return;
    }
    audited(ctx, s, "object.delete", bucket + "/" + key, s3.delete(s, bucket, key).compose(AdminApi::gatewayAnswer), null);
  }

  /** The {@code key} parameter; answers 400 and returns null when it is missing. */
  private String requiredKey(RoutingContext ctx) {
    String key = param(ctx, "key");
    if (key.isEmpty()) {
      error(ctx, 400, "InvalidArgument", "key is required");
      return null;
    }
    return key;
  }

  private static Future<JsonObject> gatewayAnswer(S3Proxy.Answer a) {
    if (a.status() >= 200 && a.status() < 300) {
      return Future.succeededFuture(new JsonObject().put("etag", a.etag()));
    }
    String code = between(a.body(), "<Code>", "</Code>");
    String msg = between(a.body(), "<Message>", "</Message>");
    return Future.failedFuture(new ApiException(a.status(), code == null ? "GatewayError" : code, msg == null ? "S3 gateway answered " + a.status() : msg));
  }

  private static String between(String s, String a, String b) {
    int i = s.indexOf(a);
    int j = i < 0 ? -1 : s.indexOf(b, i);
    return i < 0 || j < 0 ? null : s.substring(i + a.length(), j);
  }

  // ---------------------------------------------------------------- access keys

  private Future<JsonObject> credentialPage(String after, int limit) {
    return cluster.trackers().internal(Commands.CREDENTIAL_LIST, new JsonObject().put("after", after).put("limit", limit + 1));
  }

  private void listKeys(RoutingContext ctx) {
    int limit = limitParam(ctx);
    if (limit < 0) {
      return;
    }
    String after = param(ctx, "after");
    credentialPage(after, limit).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      JsonArray all = ar.result().getJsonArray("credentials", new JsonArray());
      JsonArray out = new JsonArray();
      boolean truncated = ar.result().getBoolean("truncated", false);
      for (int i = 0; i < all.size(); i++) {
        JsonObject c = all.getJsonObject(i);
        if (c.getString("accessKey", "").startsWith("_")) {
          continue; // reserved entries (the public-read holder) are managed through buckets
        }
        if (out.size() == limit) {
          truncated = true;
          break;
        }
        c.remove("secretKey");
        out.add(c);
      }
      String next = truncated && !out.isEmpty() ? out.getJsonObject(out.size() - 1).getString("accessKey") : null;
      json(ctx, 200, new JsonObject().put("keys", out).put("truncated", truncated).put("nextAfter", next));
    });
  }

  private void getKey(RoutingContext ctx) {
    String ak = ctx.pathParam("key");
    if (ak.startsWith("_")) {
      error(ctx, 404, "NoSuchKey", "no access key " + ak);
      return;
    }
    cluster.getCredential(ak).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else {
        json(ctx, 200, keyJson(ar.result()));
      }
    });
  }

  static JsonObject keyJson(Credential c) {
    return new JsonObject().put("accessKey", c.accessKey()).put("enabled", c.enabled()).put("grants", new JsonArray(new ArrayList<>(c.grants())));
  }

  private List<String> grantsOf(RoutingContext ctx, JsonObject req) {
    JsonArray a = req.getJsonArray("grants", new JsonArray());
    List<String> raw = new ArrayList<>();
    a.forEach(x -> raw.add(String.valueOf(x)));
    try {
      return Grants.normalizeAll(raw);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "InvalidGrant", e.getMessage());
      return null;
    }
  }

  private void createKey(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    JsonObject req = bodyJson(ctx);
    if (req == null) {
      return;
    }
    List<String> grants = grantsOf(ctx, req);
    if (grants == null) {
      return;
    }
    String ak = Grants.newAccessKey(random);
    String sk = Grants.newSecret(random);
    Future<JsonObject> f = cluster.putCredential(new Credential(ak, sk, true, grants))
        .map(v -> keyJson(new Credential(ak, sk, true, grants)).put("secretKey", sk)
            .put("note", "the secret key is shown only now: store it safely"));
    audited(ctx, s, "key.create", ak + " " + grants, f, 201);
  }

  private void setGrants(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    JsonObject req = bodyJson(ctx);
    if (req == null) {
      return;
    }
    String ak = ctx.pathParam("key");
    List<String> grants = grantsOf(ctx, req);
    if (grants == null) {
      return;
    }
    if (ak.equals(s.accessKey()) && !Grants.isAdmin(grants)) {
      error(ctx, 409, "SelfLockout", "you cannot take the admin grant away from the key you are logged in with");
      return;
    }
    Future<JsonObject> f = existingKey(ak).compose(c -> cluster.putCredential(new Credential(ak, c.secretKey(), c.enabled(), grants))
        .map(v -> keyJson(new Credential(ak, "", c.enabled(), grants))));
    audited(ctx, s, "key.grants", ak + " " + grants, f, null);
  }

  private Future<Credential> existingKey(String ak) {
    if (ak.startsWith("_")) {
      return Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "no access key " + ak));
    }
    return cluster.getCredential(ak);
  }

  private void setEnabled(RoutingContext ctx, boolean enabled) {
    Session s = ctx.get(SESSION);
    String ak = ctx.pathParam("key");
    if (!enabled && ak.equals(s.accessKey())) {
      error(ctx, 409, "SelfLockout", "you cannot disable the key you are logged in with");
      return;
    }
    Future<JsonObject> f = existingKey(ak).compose(c -> cluster.putCredential(new Credential(ak, c.secretKey(), enabled, c.grants()))
        .map(v -> keyJson(new Credential(ak, "", enabled, c.grants()))));
    if (!enabled) {
      f = f.andThen(ar -> sessions.removeKey(ak));
    }
    audited(ctx, s, enabled ? "key.enable" : "key.disable", ak, f, null);
  }

  private void deleteKey(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    String ak = ctx.pathParam("key");
    if (ak.equals(s.accessKey())) {
      error(ctx, 409, "SelfLockout", "you cannot delete the key you are logged in with");
      return;
    }
    Future<JsonObject> f = existingKey(ak)
        .compose(c -> cluster.trackers().internal(Commands.CREDENTIAL_DELETE, new JsonObject().put("accessKey", ak)))
        .map(v -> new JsonObject()).andThen(ar -> sessions.removeKey(ak));
    audited(ctx, s, "key.delete", ak, f, null);
  }

  /**
   * Removes a storage server from its group (DELETED, SERVER_DELETE_STORAGE on the trackers): it gets
   * no more reads or writes. {@code :server} is the server ID (or its IP / ip:port). 409 when the
   * trackers refuse (EBUSY: too few ACTIVE members would remain, or it may hold the only copy).
   */
  private void deleteServer(RoutingContext ctx) {
    Session s = ctx.get(SESSION);
    String group = ctx.pathParam("group");
    String server = ctx.pathParam("server");
    Future<JsonObject> f = cluster.trackers().deleteStorage(group, server)
        .map(v -> new JsonObject().put("group", group).put("server", server).put("status", "DELETED"))
        .recover(e -> Future.failedFuture(switch (ProtoException.codeOf(e)) {
          case EBUSY -> new ApiException(409, "LastInSyncCopies", "removing server " + server + " would leave " + group
              + " with fewer ACTIVE members than it needs (at least 1, and min_write_replicas for an ACTIVE server), or it may hold"
              + " the only copy of the group's data; remove it once other members are ACTIVE");
          case ENOENT -> new ApiException(404, "NotFound", "no server " + server + " in group " + group);
          default -> e;
        }));
    audited(ctx, s, "server.delete", group + "/" + server, f, null);
  }

  // ---------------------------------------------------------------- helpers

  /** An API failure with its own HTTP status and code. */
  public static final class ApiException extends RuntimeException {
    final int status;
    final String code;

    public ApiException(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }
  }

  private void audited(RoutingContext ctx, Session s, String action, String target, Future<JsonObject> work, Integer okStatus) {
    work.onComplete(ar -> {
      if (ar.succeeded()) {
        audit.record(s.accessKey(), action, target, "ok", remote(ctx));
        json(ctx, okStatus == null ? 200 : okStatus, ar.result());
      } else {
        int status = fail(ctx, ar.cause());
        audit.record(s.accessKey(), action, target, status + " " + message(ar.cause()), remote(ctx));
      }
    });
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Renders a failure; returns the status used. */
  static int fail(RoutingContext ctx, Throwable t) {
    if (t instanceof ApiException a) {
      error(ctx, a.status, a.code, a.getMessage());
      return a.status;
    }
    ErrorCode code = ProtoException.codeOf(t);
    int status;
    String name;
    switch (code) {
      case ENOENT -> {
        status = 404;
        name = "NotFound";
      }
      case EEXIST -> {
        status = 409;
        name = "AlreadyExists";
      }
      case EINVAL, ENAMETOOLONG -> {
        status = 400;
        name = "InvalidArgument";
      }
      case ENOSPC -> {
        status = 507;
        name = "InsufficientStorage";
      }
      case EACCES, EPERM -> {
        status = 403;
        name = "AccessDenied";
      }
      case EAGAIN, EBUSY -> {
        status = 503;
        name = "ServiceUnavailable";
      }
      default -> {
        status = 502;
        name = "ClusterUnavailable";
        LOG.error("admin API call failed: {} {}", ctx.request().method(), ctx.request().path(), t);
      }
    }
    error(ctx, status, name, message(t));
    return status;
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", code).put("message", message));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  private static JsonObject bodyJson(RoutingContext ctx) {
    try {
      JsonObject j = ctx.body() == null || ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
      return j == null ? new JsonObject() : j;
    } catch (DecodeException | ClassCastException e) {
      error(ctx, 400, "MalformedJSON", "the body is not a JSON object");
      return null;
    }
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null ? "" : v;
  }

  private static int limitParam(RoutingContext ctx) {
    try {
      return Buckets.limit(ctx.request().getParam("limit"));
    } catch (IllegalArgumentException e) {
      error(ctx, 400, "InvalidArgument", e.getMessage());
      return -1;
    }
  }

  private static String remote(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
  }
}
