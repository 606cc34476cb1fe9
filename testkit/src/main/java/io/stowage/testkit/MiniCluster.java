package io.stowage.testkit;

import io.stowage.common.config.HostPort;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real trackers and storage servers on ephemeral loopback ports with temp dirs, for cluster tests.
 * Storage servers are named {@code g<group>-<n>} (1-based), e.g. {@code g1-1}.
 */
public final class MiniCluster implements AutoCloseable {
  private final Vertx vertx;
  private final Path dir;
  private final String secret;
  private final TrackerNode tracker;
  private final Map<String, StorageNode> storages = new LinkedHashMap<>();
  private final Map<String, Path> storageConfigs = new LinkedHashMap<>();

  private MiniCluster(Vertx vertx, Path dir, String secret, TrackerNode tracker) {
    this.vertx = vertx;
    this.dir = dir;
    this.secret = secret;
    this.tracker = tracker;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chooses the shape of the cluster. */
  public static final class Builder {
    private int groups = 1;
    private int serversPerGroup = 1;
    private final Map<String, String> trackerSettings = new LinkedHashMap<>();

    public Builder groups(int n) {
      groups = n;
      return this;
    }

    public Builder serversPerGroup(int n) {
      serversPerGroup = n;
      return this;
    }

    public Builder trackerSetting(String key, String value) {
      trackerSettings.put(key, value);
      return this;
    }

    public MiniCluster start() {
      try {
        Path dir = Files.createTempDirectory("minicluster");
        String secret = "test-secret-" + Long.toHexString(System.nanoTime());
        Vertx vertx = Vertx.vertx();
        StringBuilder t = new StringBuilder();
        t.append("bind_addr = 127.0.0.1\nport = 0\nraft_port = 0\n");
        t.append("base_path = ").append(dir.resolve("tracker")).append('\n');
        t.append("cluster_secret = ").append(secret).append('\n');
        t.append("heartbeat_timeout = 6\n");
        trackerSettings.forEach((k, v) -> t.append(k).append(" = ").append(v).append('\n'));
        Path tconf = write(dir.resolve("tracker.conf"), t.toString());
        TrackerNode tracker = await(TrackerNode.start(vertx, TrackerConfig.load(tconf, Map.of())));
        MiniCluster c = new MiniCluster(vertx, dir, secret, tracker);
        int id = 100001;
        for (int g = 1; g <= groups; g++) {
          for (int n = 1; n <= serversPerGroup; n++) {
            c.addStorage("g" + g + "-" + n, "group" + g, id++);
          }
        }
        return c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void addStorage(String name, String group, int serverId) {
    Path base = dir.resolve(name);
    Path conf = write(dir.resolve(name + ".conf"), """
        group_name = %s
        server_id = %d
        bind_addr = 127.0.0.1
        port = 0
        base_path = %s
        store_path0 = %s
        tracker_server = 127.0.0.1:%d
        cluster_secret = %s
        heartbeat_interval = 1
        """.formatted(group, serverId, base, base, tracker.port(), secret));
    storageConfigs.put(name, conf);
    storages.put(name, await(StorageNode.start(vertx, StorageConfig.load(conf, Map.of()))));
  }

  public Vertx vertx() {
    return vertx;
  }

  public Path dir() {
    return dir;
  }

  public String secret() {
    return secret;
  }

  public TrackerNode tracker() {
    return tracker;
  }

  public HostPort trackerAddress() {
    return new HostPort("127.0.0.1", tracker.port());
  }

  public List<HostPort> trackerAddresses() {
    return List.of(trackerAddress());
  }

  public StorageNode storage(String name) {
    StorageNode s = storages.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no running storage " + name);
    }
    return s;
  }

  public List<String> storageNames() {
    return new ArrayList<>(storageConfigs.keySet());
  }

  /** Stops a storage server abruptly (its sockets close; nothing is flushed beyond what it did). */
  public void killStorage(String name) {
    StorageNode s = storages.remove(name);
    if (s != null) {
      await(s.stop());
    }
  }

  /** Starts a killed storage server again on the same data directory. */
  public StorageNode restartStorage(String name) {
    killStorage(name);
    StorageNode s = await(StorageNode.start(vertx, StorageConfig.load(storageConfigs.get(name), Map.of())));
    storages.put(name, s);
    return s;
  }

  @Override
  public void close() {
    for (StorageNode s : storages.values()) {
      try {
        await(s.stop());
      } catch (RuntimeException ignored) {
        // best effort: keep closing the rest
      }
    }
    storages.clear();
    try {
      await(tracker.stop());
    } finally {
      await(vertx.close());
      deleteTree(dir);
    }
  }

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path f, String text) {
    try {
      return Files.writeString(f, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir: the OS cleans up what is left
    }
  }
}
