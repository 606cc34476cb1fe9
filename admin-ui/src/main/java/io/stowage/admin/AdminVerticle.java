package io.stowage.admin;

import io.stowage.admin.api.AdminApi;
import io.stowage.admin.auth.AuditLog;
import io.stowage.admin.auth.SessionStore;
import io.stowage.admin.cluster.ClusterView;
import io.stowage.admin.s3.S3Proxy;
import io.stowage.admin.stats.LiveStats;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.metrics.Counter;
import io.stowage.common.metrics.Histogram;
import io.stowage.common.metrics.JvmMetrics;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.MonitoringEndpoints;
import io.stowage.common.metrics.S3Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything of one admin server on one event loop (the clients' pools are per context). */
final class AdminVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdminVerticle.class);
  /** How often sessions are re-checked against their keys (disable/delete elsewhere takes effect within this). */
  static final long REVALIDATE_MS = 5000;
  private final AdminConfig config;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private FdfsClientPool pool;
  private S3Proxy s3;
  private AuditLog audit;
  private LiveStats live;
  private HttpServer server;
  private long timer = -1;
  private long revalidateTimer = -1;
  private AdminApi api;
  private volatile int port;

  AdminVerticle(AdminConfig config) {
    this.config = config;
  }

  int port() {
    return port;
  }

  MetricsRegistry metrics() {
    return metrics;
  }

  @Override
  public Future<?> start() {
    JvmMetrics.register(metrics);
    Counter requests = metrics.counter("stowage_admin_http_requests_total", "Admin HTTP requests by method and status class.", "method",
        "status_class");
    Histogram latency = metrics.histogram("stowage_admin_http_request_duration_seconds", "Admin HTTP request latency.",
        Histogram.LATENCY_SECONDS, "method");
    pool = new FdfsClientPool(vertx, config.clusterSecret(), 8);
    ClusterClient cluster = new ClusterClient(new TrackerClient(pool, config.trackers()));
    IndexClient index = new IndexClient(pool);
    ClusterView view = new ClusterView(cluster, System::currentTimeMillis);
    SessionStore sessions = new SessionStore(config.sessionIdleSeconds(), config.sessionMaxSeconds(), System::currentTimeMillis);
    s3 = config.s3Endpoint() == null ? null : new S3Proxy(vertx, config.s3Endpoint(), config.s3Region());
    live = new LiveStats(s3, view, metrics, System::currentTimeMillis);
    MonitoringEndpoints monitoring = new MonitoringEndpoints(metrics, "",
        () -> view.current().map(snap -> snap.error() == null));
    return AuditLog.open(vertx, config.auditLog()).compose(a -> {
      audit = a;
      api = new AdminApi(cluster, index, view, sessions, audit, s3, live, config.tls(), System::currentTimeMillis);
      Router router = Router.router(vertx);
      router.route().handler(ctx -> {
        long t0 = System.nanoTime();
        String method = ctx.request().method().name();
        ctx.addEndHandler(v -> {
          requests.labels(method, S3Metrics.statusClass(ctx.response().getStatusCode())).inc();
          latency.labels(method).observeNanos(System.nanoTime() - t0);
        });
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
            .putHeader("Referrer-Policy", "no-referrer")
            .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'");
        if (!monitoring.handle(ctx.request())) {
          ctx.next();
        }
      });
      api.mount(router);
      router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
      router.route().failureHandler(ctx -> {
        if (ctx.failure() != null) {
          LOG.error("admin request failed: {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        if (!ctx.response().ended()) {
          int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
          ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
              .end(new io.vertx.core.json.JsonObject().put("error", status == 404 ? "NotFound" : "InternalError").encode());
        }
      });
      HttpServerOptions opts = new HttpServerOptions().setHost(config.bindAddr()).setPort(config.port());
      if (config.tls()) {
        opts.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert().toString())
            .setKeyPath(config.tlsKey().toString()));
      }
      return vertx.createHttpServer(opts).requestHandler(router).listen();
    }).map(s -> {
      server = s;
      port = s.actualPort();
      timer = vertx.setPeriodic(1000, id -> live.tick());
      revalidateTimer = vertx.setPeriodic(REVALIDATE_MS, id -> api.revalidateSessions());
      LOG.info("admin UI listening on {}://{}:{} (trackers {}, s3 {})", config.tls() ? "https" : "http", config.bindAddr(), port,
          config.trackers(), config.s3Endpoint() == null ? "not configured" : config.s3Endpoint());
      return s;
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      vertx.cancelTimer(revalidateTimer);
    }
    if (live != null) {
      live.closeAll();
    }
    Future<Void> s = server == null ? Future.succeededFuture() : server.close();
    return s.compose(v -> s3 == null ? Future.succeededFuture() : s3.close())
        .compose(v -> pool == null ? Future.succeededFuture() : pool.close())
        .compose(v -> audit == null ? Future.succeededFuture() : audit.close());
  }
}
