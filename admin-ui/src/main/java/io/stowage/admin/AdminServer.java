package io.stowage.admin;

import io.stowage.common.metrics.MetricsRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The admin role: the browser UI, its JSON API under {@code /api/}, and {@code /metrics},
 * {@code /health/live}, {@code /health/ready} at the root, on one port of its own.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.start(vertx, AdminConfig.load(file, System.getenv())).await();
 * admin.port(); ... admin.stop();
 * }</pre>
 *
 * Logging in needs an access key with the {@code admin} grant on the trackers: the launcher stores
 * the root key with {@code grants = [admin]} ({@code ClusterClient.putCredential(new Credential(ak, sk,
 * true, List.of("admin")))}).
 */
public final class AdminServer {
  private final Vertx vertx;
  private final String deployment;
  private final AdminVerticle verticle;

  private AdminServer(Vertx vertx, String deployment, AdminVerticle verticle) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.verticle = verticle;
  }

  public static Future<AdminServer> start(Vertx vertx, AdminConfig config) {
    AdminVerticle v = new AdminVerticle(config);
    return vertx.deployVerticle(v).map(id -> new AdminServer(vertx, id, v));
  }

  /** The port actually listened on (useful with port 0). */
  public int port() {
    return verticle.port();
  }

  /** The admin process's metrics registry (JVM, admin HTTP, cluster gauges), e.g. to add launcher metrics. */
  public MetricsRegistry metrics() {
    return verticle.metrics();
  }

  public Future<Void> stop() {
    return vertx.undeploy(deployment);
  }
}
