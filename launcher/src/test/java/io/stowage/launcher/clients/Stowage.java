package io.stowage.launcher.clients;

import static io.stowage.testkit.MiniCluster.await;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.s3.http.GatewayConfig;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.s3.http.S3Gateway;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * One MiniCluster (a tracker, a storage server) with two S3 gateways on ephemeral loopback ports and
 * a root credential, shared by every real-client test of the run (see {@link SharedStowage}). The
 * first gateway reaches the storage server in-process (index calls, uploads, local reads), as in the
 * all-in-one server; the second, like a separate gateway process, over the FastDFS protocol.
 */
public final class Stowage implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIASTOWAGECLIENTS01";
  /** Has a '/' and a '+', like real AWS secrets, so the tools' encoding of it is exercised. */
  public static final String SECRET_KEY = "stowage/clients+secret0123456789abcdefGH";
  public static final String REGION = "us-east-1";

  private final MiniCluster cluster;
  private final Vertx vertx;
  private final FdfsClientPool pool;
  private final S3Gateway first;
  private final S3Gateway second;

  private Stowage(MiniCluster cluster, Vertx vertx, FdfsClientPool pool, S3Gateway first, S3Gateway second) {
    this.cluster = cluster;
    this.vertx = vertx;
    this.pool = pool;
    this.first = first;
    this.second = second;
  }

  static Stowage start() {
    MiniCluster cluster = MiniCluster.builder().start();
    Vertx vertx = Vertx.vertx();
    FdfsClientPool pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    try {
      ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
      Awaitility.await("an ACTIVE storage server").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            JsonArray groups = await(cc.clusterState()).getJsonArray("groups", new JsonArray());
            return groups.stream().map(g -> (JsonObject) g).flatMap(g -> g.getJsonArray("servers").stream())
                .anyMatch(s -> "ACTIVE".equals(((JsonObject) s).getString("status")));
          });
      await(cc.putCredential(new Credential(ACCESS_KEY, SECRET_KEY, true, List.of("admin"))));
      GatewayConfig config = GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0);
      // the first gateway calls the storage server in-process, as the all-in-one server does; the second over the wire
      S3Gateway first = await(S3Gateway.start(vertx, config, new MetricsRegistry(), cluster.storage("g1-1").local()));
      S3Gateway second = await(S3Gateway.start(vertx, config));
      return new Stowage(cluster, vertx, pool, first, second);
    } catch (RuntimeException | Error e) {
      await(pool.close());
      await(vertx.close());
      cluster.close();
      throw e;
    }
  }

  /** The first gateway, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + first.port();
  }

  /** A second gateway on the same cluster. */
  public String secondEndpoint() {
    return "http://127.0.0.1:" + second.port();
  }

  public int port() {
    return first.port();
  }

  public int secondPort() {
    return second.port();
  }

  @Override
  public void close() {
    try {
      await(first.stop());
      await(second.stop());
      await(pool.close());
      await(vertx.close());
    } finally {
      cluster.close();
    }
  }
}
