package io.stowage.launcher;

import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code stowage server}: one tracker and one storage server (group1) in one JVM. */
final class AllInOne {
  private AllInOne() {}

  static void run(Args args) {
    Path data = Path.of(args.string("data", "data")).toAbsolutePath();
    int trackerPort = args.port("tracker-port", 22122);
    int storagePort = args.port("storage-port", 23000);
    EmbeddedLayout layout = EmbeddedLayout.prepare(data);

    Vertx vertx = Vertx.vertx();
    TrackerNode tracker = Roles.await(TrackerNode.start(vertx,
        TrackerConfig.load(layout.writeTrackerConfig(trackerPort), Map.of())));
    StorageNode storage = Roles.await(StorageNode.start(vertx,
        StorageConfig.load(layout.writeStorageConfig(storagePort, tracker.port()), Map.of())));

    System.out.println("Stowage is running, data in " + data);
    System.out.println("  tracker (FastDFS protocol)  127.0.0.1:" + tracker.port());
    System.out.println("  storage group1 (FastDFS)    127.0.0.1:" + storage.port());
    Roles.onShutdown(() -> Roles.await(storage.stop().eventually(tracker::stop).eventually(vertx::close)));
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
