package io.stowage.testkit;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.storage.replication.GroupMembers;
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
  private final Map<String, Integer> serverIds = new LinkedHashMap<>();
  private final Map<String, String> groupOf = new LinkedHashMap<>();
  private final Map<String, String> storageSettings;
  private int nextServerId = 100001;

  private MiniCluster(Vertx vertx, Path dir, String secret, TrackerNode tracker, Map<String, String> storageSettings) {
    this.vertx = vertx;
    this.dir = dir;
    this.secret = secret;
    this.tracker = tracker;
    this.storageSettings = Map.copyOf(storageSettings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chooses the shape of the cluster. */
  public static final class Builder {
    private int groups = 1;
    private int serversPerGroup = 1;
    private final Map<String, String> trackerSettings = new LinkedHashMap<>();
    private final Map<String, String> storageSettings = new LinkedHashMap<>();

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

    /** An extra {@code storage.conf} line for every storage server (e.g. {@code sync_interval_ms}). */
    public Builder storageSetting(String key, String value) {
      storageSettings.put(key, value);
      return this;
    }

    /**
     * Starts the tracker and the storage servers; with several servers per group, returns once every
     * one is ACTIVE and knows its peers are (the first of a group starts ACTIVE, the others copy it:
     * WAIT_SYNC -> ACTIVE).
     */
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
        MiniCluster c = new MiniCluster(vertx, dir, secret, tracker, storageSettings);
        for (int g = 1; g <= groups; g++) {
          for (int n = 1; n <= serversPerGroup; n++) {
            c.addStorage("g" + g + "-" + n, "group" + g, c.nextServerId++);
            if (n == 1) {
              c.awaitInSync(); // the first member must be ACTIVE before the next one joins
            }
          }
        }
        if (serversPerGroup > 1) {
          c.awaitInSync();
        }
        return c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Starts a new storage server in {@code group} (named {@code g<group number>-<next n>}, or
   * {@code <group>-<n>} for other names) and returns its name. It joins as WAIT_SYNC when the group
   * has ACTIVE members and copies them; see {@link #awaitInSync}.
   */
  public String addStorage(String group) {
    String prefix = group.startsWith("group") ? "g" + group.substring(5) : group;
    int n = 1;
    while (storageConfigs.containsKey(prefix + "-" + n)) {
      n++;
    }
    String name = prefix + "-" + n;
    addStorage(name, group, nextServerId++);
    return name;
  }

  private void addStorage(String name, String group, int serverId) {
    Path base = dir.resolve(name);
    StringBuilder extra = new StringBuilder();
    storageSettings.forEach((k, v) -> extra.append(k).append(" = ").append(v).append('\n'));
    Path conf = write(dir.resolve(name + ".conf"), extra + """
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
    serverIds.put(name, serverId);
    groupOf.put(name, group);
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

  /** The server ID of a storage server (running or not). */
  public int serverId(String name) {
    Integer id = serverIds.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no storage " + name);
    }
    return id;
  }

  /** The status the tracker gives a storage server (committed through Raft). */
  public ServerStatus status(String name) {
    return tracker.clusterState().server(serverId(name)).map(s -> s.status()).orElse(ServerStatus.NONE);
  }

  /** Whether a storage server is running here. */
  public boolean running(String name) {
    return storages.containsKey(name);
  }

  /**
   * Waits (up to 60 s) until every running storage server is ACTIVE on the tracker and each one's
   * own view of its group shows its running peers ACTIVE, so a write anywhere reaches them all.
   */
  public void awaitInSync() {
    org.awaitility.Awaitility.await("storage servers in sync").atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(50)).until(this::inSync);
  }

  private boolean inSync() {
    for (Map.Entry<String, StorageNode> e : storages.entrySet()) {
      if (status(e.getKey()) != ServerStatus.ACTIVE) {
        return false;
      }
      GroupMembers view = e.getValue().trackerLink().members();
      if (view.self() != ServerStatus.ACTIVE) {
        return false;
      }
      for (String other : storages.keySet()) {
        if (!other.equals(e.getKey()) && groupOf.get(other).equals(groupOf.get(e.getKey()))) {
          int id = serverId(other);
          if (view.members().stream().noneMatch(m -> m.serverId() == id && m.status() == ServerStatus.ACTIVE)) {
            return false;
          }
        }
      }
    }
    return true;
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
