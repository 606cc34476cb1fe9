package io.stowage.s3.http;

import io.stowage.common.client.LocalStorage;
import io.stowage.s3.handler.BucketCache;
import io.stowage.common.metrics.Counter;
import io.stowage.common.metrics.JvmMetrics;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.S3Metrics;
import io.stowage.s3.auth.SigningKeyCache;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 gateway role: {@link GatewayConfig#eventLoops()} HTTP server instances sharing one port,
 * stateless (buckets, credentials and objects all live on trackers and storage servers), so any
 * number of gateways can serve one cluster.
 * <pre>
 *   S3Gateway gw = S3Gateway.start(vertx, GatewayConfig.load(file, System.getenv())).await();
 *   gw.port(); ... gw.stop();
 * </pre>
 * Registering the root credential on the trackers is the launcher's job
 * ({@code ClusterClient.putCredential(config.rootCredential().get())}).
 */
public final class S3Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(S3Gateway.class);

  public static final String LOCAL_READS = "stowage_s3_local_reads_total";

  private final Vertx vertx;
  private final List<String> deployments;
  private final int port;

  private S3Gateway(Vertx vertx, List<String> deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
  }

  /**
   * Starts the servers. Port 0 picks an ephemeral port that this gateway's instances share: Vert.x
   * shares one random port among servers listening on the same negative port number, so each
   * gateway uses its own random negative number (two gateways in one Vert.x must not share).
   */
  public static Future<S3Gateway> start(Vertx vertx, GatewayConfig config) {
    MetricsRegistry metrics = new MetricsRegistry();
    JvmMetrics.register(metrics);
    return start(vertx, config, metrics);
  }

  /**
   * Starts the servers, recording the standard {@link S3Metrics} families in {@code metrics} (shared
   * with the rest of the process in the all-in-one server). {@code /_stowage/metrics},
   * {@code /_stowage/health/live} and {@code /_stowage/health/ready} are served on the S3 port
   * without authentication (no bucket name can start with {@code _}).
   */
  public static Future<S3Gateway> start(Vertx vertx, GatewayConfig config, MetricsRegistry metrics) {
    return start(vertx, config, metrics, null);
  }

  /**
   * As {@link #start(Vertx, GatewayConfig, MetricsRegistry)}, with the storage server running in this
   * JVM ({@code localStorage}; null when there is none) called without a socket (index commands,
   * uploads) and read from disk directly (short-circuit local reads, counted in {@value #LOCAL_READS}).
   */
  public static Future<S3Gateway> start(Vertx vertx, GatewayConfig config, MetricsRegistry metrics,
                                        LocalStorage localStorage) {
    SigningKeyCache keys = new SigningKeyCache();
    BucketCache buckets = new BucketCache(config.bucketCacheTtl());
    S3Metrics s3Metrics = new S3Metrics(metrics);
    Counter localReads = metrics.counter(LOCAL_READS,
        "GETs answered zero-copy from the file of the storage server in this process");
    int listenPort = config.port() == 0 ? -ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE) : config.port();
    GatewayVerticle first = new GatewayVerticle(config, listenPort, keys, metrics, s3Metrics, localStorage, localReads, buckets);
    return vertx.deployVerticle(first).compose(id -> {
      int actual = first.actualPort();
      List<String> ids = new ArrayList<>();
      ids.add(id);
      Future<Void> rest = Future.succeededFuture();
      for (int i = 1; i < config.eventLoops(); i++) {
        rest = rest.compose(v -> vertx.deployVerticle(new GatewayVerticle(config, listenPort, keys, metrics, s3Metrics,
            localStorage, localReads, buckets),
            new DeploymentOptions()).map(ids::add).mapEmpty());
      }
      return rest.map(v -> {
        LOG.info("S3 gateway listening on {}:{} ({} event loops, region {}, trackers {})", config.bindAddr(), actual,
            config.eventLoops(), config.region(), config.trackers());
        return new S3Gateway(vertx, ids, actual);
      }).recover(e -> Future.all(ids.stream().map(vertx::undeploy).toList())
          .transform(ar -> Future.failedFuture(e)));
    });
  }

  public int port() {
    return port;
  }

  public Future<Void> stop() {
    return Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
  }
}
