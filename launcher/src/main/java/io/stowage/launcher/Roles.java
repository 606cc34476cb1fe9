package io.stowage.launcher;

import io.stowage.common.config.CommandLine;

import ch.qos.logback.classic.LoggerContext;
import io.stowage.admin.AdminConfig;
import io.stowage.admin.AdminServer;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.s3.http.GatewayConfig;
import io.stowage.s3.http.S3Gateway;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Future;
import io.stowage.common.runtime.VertxFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.KeyValueConfig;
import io.stowage.common.metrics.JvmMetrics;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.MonitoringEndpoints;
import io.stowage.storage.metrics.StorageMetrics;
import io.stowage.tracker.metrics.TrackerMetrics;

/** Runs one role in its own process until the JVM is told to stop. */
final class Roles {
  private Roles() {}

  static void tracker(Path config) {
    TrackerConfig cfg = TrackerConfig.load(config, System.getenv());
    Vertx vertx = VertxFactory.create();
    TrackerNode node = await(TrackerNode.start(vertx, cfg));
    System.out.println("tracker listening on port " + node.port());
    MetricsRegistry metrics = monitoring(vertx, config, "tracker", () -> Future.succeededFuture(true));
    if (metrics != null) {
      TrackerMetrics.register(vertx, node, metrics);
    }
    onShutdown(() -> stopThenClose(node::stop, vertx));
  }

  static void storage(Path config) {
    StorageConfig cfg = StorageConfig.load(config, System.getenv());
    Vertx vertx = VertxFactory.create();
    StorageNode node = await(StorageNode.start(vertx, cfg));
    System.out.println("storage listening on port " + node.port());
    MetricsRegistry metrics = monitoring(vertx, config, "storage",
        () -> Future.succeededFuture(node.replicationHistory().isEmpty()
            || node.replicationHistory().get(node.replicationHistory().size() - 1) == ServerStatus.ACTIVE));
    if (metrics != null) {
      StorageMetrics.register(node, metrics);
    }
    onShutdown(() -> stopThenClose(node::stop, vertx));
  }

  /**
   * The S3 gateway alone ({@code gateway.conf}). When the config names a root credential
   * ({@code access_key} / {@code secret_key}, or {@code STOWAGE_ACCESS_KEY} / {@code STOWAGE_SECRET_KEY})
   * it is registered on the trackers first (created or replaced, grant {@code admin}), retried until a
   * tracker accepts it, so a fresh cluster started with scripts is usable at once.
   */
  static void gateway(Path config) {
    GatewayConfig cfg = GatewayConfig.load(config, System.getenv());
    Vertx vertx = VertxFactory.create();
    cfg.rootCredential().ifPresent(c -> putCredential(vertx, cfg.trackers(), cfg.clusterSecret(), c, 120_000));
    S3Gateway gateway = await(S3Gateway.start(vertx, cfg));
    System.out.println("gateway listening on port " + gateway.port());
    onShutdown(() -> stopThenClose(gateway::stop, vertx));
  }

  /** The admin UI and API alone ({@code admin.conf}). */
  static void admin(Path config) {
    AdminConfig cfg = AdminConfig.load(config, System.getenv());
    Vertx vertx = VertxFactory.create();
    AdminServer admin = await(AdminServer.start(vertx, cfg));
    System.out.println("admin listening on port " + admin.port());
    onShutdown(() -> stopThenClose(admin::stop, vertx));
  }

  /** Creates or replaces a credential on the trackers, retrying (no leader yet, trackers starting) for up to {@code waitMs}. */
  static void putCredential(Vertx vertx, List<HostPort> trackers, String secret, Credential c, long waitMs) {
    FdfsClientPool pool = new FdfsClientPool(vertx, secret, 1);
    try {
      ClusterClient client = new ClusterClient(new TrackerClient(pool, trackers));
      long deadline = System.currentTimeMillis() + waitMs;
      while (true) {
        try {
          await(client.putCredential(c));
          return;
        } catch (RuntimeException e) {
          if (System.currentTimeMillis() > deadline) {
            throw e;
          }
          sleep(500);
        }
      }
    } finally {
      await(pool.close());
    }
  }

  /**
   * {@code stowage cluster-state --trackers H:P,... --secret-file F [--await-active N] [--timeout S]}:
   * prints the trackers' CLUSTER_STATE as JSON; with {@code --await-active N} first waits until a
   * tracker reports N storage servers ACTIVE (exit 1 on timeout).
   */
  static int clusterState(CommandLine args) throws IOException {
    List<HostPort> trackers = new ArrayList<>();
    for (String t : args.string("trackers", "127.0.0.1:22122").split(",")) {
      trackers.add(HostPort.parse("--trackers", t.strip()));
    }
    String secret = args.has("secret-file") ? Files.readString(Path.of(args.string("secret-file", null))).strip()
        : System.getenv().getOrDefault("STOWAGE_CLUSTER_SECRET", "");
    int active = Integer.parseInt(args.string("await-active", "0"));
    long deadline = System.currentTimeMillis() + 1000L * Integer.parseInt(args.string("timeout", "60"));
    boolean summary = args.has("summary");
    args.rejectUnknown();
    Vertx vertx = VertxFactory.create();
    FdfsClientPool pool = new FdfsClientPool(vertx, secret, 1);
    try {
      int attempt = 0;
      while (true) {
        JsonObject state = null;
        // start from another tracker each time and give up on one after 3 s: a paused (SIGSTOP)
        // tracker accepts connections but never answers
        List<HostPort> order = new ArrayList<>(trackers);
        java.util.Collections.rotate(order, -(attempt++ % trackers.size()));
        ClusterClient client = new ClusterClient(new TrackerClient(pool, order));
        try {
          state = await(client.clusterState().timeout(3, java.util.concurrent.TimeUnit.SECONDS));
        } catch (RuntimeException e) {
          if (System.currentTimeMillis() > deadline) {
            System.err.println("stowage: no tracker answered: " + e.getMessage());
            return 1;
          }
        }
        if (state != null && countActive(state) >= active) {
          System.out.println(summary ? summary(state) : state.encodePrettily());
          return 0;
        }
        if (System.currentTimeMillis() > deadline) {
          System.err.println("stowage: fewer than " + active + " storage servers ACTIVE");
          if (state != null) {
            System.out.println(state.encodePrettily());
          }
          return 1;
        }
        sleep(250);
      }
    } finally {
      await(pool.close().eventually(vertx::close));
    }
  }

  /** CLUSTER_STATE as a few human lines: trackers with their roles, then each group's servers. */
  static String summary(JsonObject state) {
    StringBuilder b = new StringBuilder("trackers (leader ").append(state.getString("leaderId", "unknown")).append("):");
    for (Object o : state.getJsonArray("trackers", new JsonArray())) {
      JsonObject t = (JsonObject) o;
      b.append("  ").append(t.getString("id")).append(' ').append(t.getString("role"));
    }
    b.append('\n');
    for (Object g : state.getJsonArray("groups", new JsonArray())) {
      JsonObject group = (JsonObject) g;
      b.append(group.getString("name")).append(':');
      for (Object o : group.getJsonArray("servers", new JsonArray())) {
        JsonObject s = (JsonObject) o;
        b.append("  ").append(s.getInteger("serverId")).append(' ').append(s.getString("host")).append(':')
            .append(s.getInteger("port")).append(' ').append(s.getString("status"));
      }
      b.append('\n');
    }
    return b.toString().stripTrailing();
  }

  private static int countActive(JsonObject state) {
    int n = 0;
    for (Object g : state.getJsonArray("groups", new JsonArray())) {
      for (Object s : ((JsonObject) g).getJsonArray("servers", new JsonArray())) {
        if ("ACTIVE".equals(((JsonObject) s).getString("status"))) {
          n++;
        }
      }
    }
    return n;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops a role, then its Vert.x, waiting for each on its own: a future chained after the role's stop
   * (e.g. {@code stop().eventually(vertx::close)}) completes on an event loop that closing Vert.x has
   * just stopped, so waiting on it would hang the JVM's shutdown.
   */
  static void stopThenClose(java.util.function.Supplier<Future<?>> stop, Vertx vertx) {
    try {
      await(stop.get());
    } catch (RuntimeException e) {
      System.err.println("stowage: stop failed: " + e);
    } finally {
      await(vertx.close());
    }
  }

  /**
   * {@code /metrics} and {@code /health/*} on the role's {@code monitor_port} (0 or absent: none),
   * a plain HTTP port beside the FastDFS one, which cannot carry HTTP.
   */
  static MetricsRegistry monitoring(Vertx vertx, Path config, String role, Supplier<Future<Boolean>> ready) {
    KeyValueConfig kv = KeyValueConfig.load(config, System.getenv());
    int port = kv.port("monitor_port", 0);
    if (port == 0) {
      return null;
    }
    MetricsRegistry metrics = new MetricsRegistry();
    JvmMetrics.register(metrics);
    await(MonitoringEndpoints.listen(vertx, kv.string("bind_addr", "127.0.0.1"), port, new MonitoringEndpoints(metrics, "", ready)));
    System.out.println(role + " metrics on http://" + kv.string("bind_addr", "127.0.0.1") + ":" + port + "/metrics");
    return metrics;
  }

  static void onShutdown(Runnable r) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        r.run();
      } finally {
        flushLogs();
      }
    }, "shutdown"));
  }

  /** Stops logback, which writes what its appenders still hold (the access log's last batch). */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  /** Waits on the main thread (never an event loop) for start-up or shutdown. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
