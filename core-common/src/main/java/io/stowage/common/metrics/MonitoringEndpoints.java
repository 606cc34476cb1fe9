package io.stowage.common.metrics;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Serves {@code <prefix>/metrics} (Prometheus text), {@code <prefix>/health/live} (200 while the
 * process runs) and {@code <prefix>/health/ready} (200 when {@code readiness} completes with true,
 * else 503) for any role. The prefix is empty on ports of their own (admin, tracker/storage
 * monitoring ports) and {@code /_stowage} on the S3 port.
 *
 * <p>On a plain {@link HttpServer}:
 *
 * <pre>{@code
 * MonitoringEndpoints m = new MonitoringEndpoints(registry, "", () -> Future.succeededFuture(node.isReady()));
 * server.requestHandler(req -> { if (!m.handle(req)) { req.response().setStatusCode(404).end(); } });
 * // or a server of its own for a role without HTTP (tracker, storage):
 * MonitoringEndpoints.listen(vertx, "0.0.0.0", 9100, m);
 * }</pre>
 *
 * With vertx-web: {@code router.route().handler(ctx -> { if (!m.handle(ctx.request())) ctx.next(); })}.
 * Only GET and HEAD are answered; the handler never blocks.
 */
public final class MonitoringEndpoints {
  private final MetricsRegistry registry;
  private final String prefix;
  private final Supplier<Future<Boolean>> readiness;

  /**
   * @param prefix path prefix without trailing slash ("" or "/_stowage")
   * @param readiness asked on each {@code /health/ready}; null means always ready
   */
  public MonitoringEndpoints(MetricsRegistry registry, String prefix, Supplier<Future<Boolean>> readiness) {
    this.registry = registry;
    this.prefix = prefix == null ? "" : prefix;
    this.readiness = readiness;
  }

  public MetricsRegistry registry() {
    return registry;
  }

  /** Whether {@code path} is one of the endpoints (for routers deciding before parsing more). */
  public boolean matches(String path) {
    return path.equals(prefix + "/metrics") || path.equals(prefix + "/health/live") || path.equals(prefix + "/health/ready");
  }

  /** Answers the request if it is one of the endpoints and returns true; otherwise leaves it alone. */
  public boolean handle(HttpServerRequest req) {
    String path = req.path();
    if (!matches(path)) {
      return false;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return true;
    }
    if (path.endsWith("/metrics")) {
      req.response().putHeader("Content-Type", MetricsRegistry.CONTENT_TYPE).putHeader("Cache-Control", "no-store")
          .end(registry.render());
    } else if (path.endsWith("/live")) {
      json(req, 200, "UP");
    } else {
      Future<Boolean> f;
      try {
        f = readiness == null ? Future.succeededFuture(true) : readiness.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> json(req, ar.succeeded() && Boolean.TRUE.equals(ar.result()) ? 200 : 503,
          ar.succeeded() && Boolean.TRUE.equals(ar.result()) ? "UP" : "DOWN"));
    }
    return true;
  }

  private static void json(HttpServerRequest req, int status, String state) {
    if (!req.response().ended()) {
      req.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("status", state).encode());
    }
  }

  /** A request handler answering the endpoints and 404 for everything else. */
  public Handler<HttpServerRequest> handler() {
    return req -> {
      if (!handle(req)) {
        req.response().setStatusCode(404).end();
      }
    };
  }

  /** Starts an HTTP server that serves only these endpoints (for roles without an HTTP port). */
  public static Future<HttpServer> listen(Vertx vertx, String host, int port, MonitoringEndpoints endpoints) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)).requestHandler(endpoints.handler()).listen();
  }
}
