package io.stowage.launcher;

import io.stowage.common.config.CommandLine;

import io.stowage.admin.AdminConfig;
import io.stowage.admin.AdminServer;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.metrics.JvmMetrics;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.s3.http.GatewayConfig;
import io.stowage.s3.http.S3Gateway;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.metrics.StorageMetrics;
import io.stowage.storage.StorageNode;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.stowage.common.runtime.VertxFactory;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code stowage server}: a tracker, a storage server (group1), the S3 gateway and the admin UI in one JVM. */
final class AllInOne {
  private AllInOne() {}

  static void run(CommandLine args) {
    Path data = Path.of(args.string("data", "data")).toAbsolutePath();
    int trackerPort = args.port("tracker-port", 22122);
    int storagePort = args.port("storage-port", 23000);
    int s3Port = args.port("s3-port", 9000);
    int adminPort = args.port("admin-port", 9001);
    args.rejectUnknown(); // a mistyped option must not start a server on the defaults
    EmbeddedLayout layout = EmbeddedLayout.prepare(data);

    Vertx vertx = VertxFactory.create();
    TrackerNode tracker = Roles.await(TrackerNode.start(vertx,
        TrackerConfig.load(layout.writeTrackerConfig(trackerPort), Map.of())));
    StorageNode storage = Roles.await(StorageNode.start(vertx,
        StorageConfig.load(layout.writeStorageConfig(storagePort, tracker.port()), Map.of())));
    List<HostPort> trackers = List.of(new HostPort("127.0.0.1", tracker.port()));
    RootCredential root = registerRootCredential(vertx, layout, trackers);
    // the gateway calls the storage server beside it without a socket (index commands, uploads) and
    // reads its files straight from disk (zero copy) while the trackers list that server ACTIVE
    MetricsRegistry gatewayMetrics = new MetricsRegistry();
    JvmMetrics.register(gatewayMetrics);
    S3Gateway gateway = Roles.await(S3Gateway.start(vertx, GatewayConfig.of(trackers, layout.secret(), s3Port),
        gatewayMetrics, storage.local()));
    String s3Endpoint = "http://127.0.0.1:" + gateway.port();
    AdminServer admin = Roles.await(AdminServer.start(vertx, AdminConfig.embedded("127.0.0.1", adminPort, trackers,
        layout.secret(), s3Endpoint, data.resolve("admin-audit.log"))));

    // one process, one scrape: the admin port's /metrics (which already has the cluster's group and
    // server gauges) also carries this storage server's store paths
    StorageMetrics.register(storage, admin.metrics());

    System.out.println("Stowage is running, data in " + data);
    System.out.println("  S3 API                      " + s3Endpoint);
    System.out.println("  admin UI                    http://127.0.0.1:" + admin.port() + "/");
    System.out.println("  tracker (FastDFS protocol)  127.0.0.1:" + tracker.port());
    System.out.println("  storage group1 (FastDFS)    127.0.0.1:" + storage.port());
    if (root != null && root.fresh()) {
      System.out.println("Root credentials (shown once; set STOWAGE_ACCESS_KEY / STOWAGE_SECRET_KEY to choose your own):");
      System.out.println("  access key  " + root.credential().accessKey());
      System.out.println("  secret key  " + root.credential().secretKey());
    }
    Roles.onShutdown(() -> Roles.stopThenClose(() -> admin.stop().eventually(gateway::stop).eventually(storage::stop)
        .eventually(tracker::stop), vertx));
  }

  /** Puts the root key into the trackers' state on first start, or when the environment names one. */
  private static RootCredential registerRootCredential(Vertx vertx, EmbeddedLayout layout, List<HostPort> trackers) {
    Path marker = layout.data().resolve("root.access-key");
    try {
      RootCredential root = RootCredential.resolve(marker, System.getenv());
      if (root == null) {
        return null;
      }
      FdfsClientPool pool = new FdfsClientPool(vertx, layout.secret(), 1);
      try {
        Roles.await(new ClusterClient(new TrackerClient(pool, trackers)).putCredential(root.credential()));
      } finally {
        Roles.await(pool.close());
      }
      root.remember(marker);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + marker, e);
    }
  }

  /** Files of the embedded deployment under the data directory. */
  record EmbeddedLayout(Path data, String secret) {
    static EmbeddedLayout prepare(Path data) {
      try {
        Files.createDirectories(data.resolve("etc"));
        return new EmbeddedLayout(data, Secrets.loadOrCreate(data.resolve("cluster.secret")));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare " + data, e);
      }
    }

    Path writeTrackerConfig(int port) {
      return write("tracker.conf", """
          # written by 'stowage server' at each start from its options
          bind_addr = 127.0.0.1
          port = %d
          raft_port = 0
          base_path = %s
          cluster_secret = %s
          """.formatted(port, data.resolve("tracker"), secret));
    }

    Path writeStorageConfig(int port, int trackerPort) {
      return write("storage.conf", """
          # written by 'stowage server' at each start from its options
          group_name = group1
          server_id = 100001
          bind_addr = 127.0.0.1
          port = %d
          base_path = %s
          store_path0 = %s
          tracker_server = 127.0.0.1:%d
          cluster_secret = %s
          """.formatted(port, data.resolve("storage"), data.resolve("storage"), trackerPort, secret));
    }

    private Path write(String name, String text) {
      Path f = data.resolve("etc").resolve(name);
      try {
        Files.writeString(f, text);
        Secrets.restrict(f);
        return f;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + f, e);
      }
    }
  }
}
