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
 * Storage servers are named {@code g<group>-<n>} (1-based), e.g. {@code g1-1}. With
 * {@link Builder#trackers(int) trackers(3)} (or 5) the trackers form one Raft group on fixed free
 * loopback ports (Raft needs known peer addresses), IDs {@code tracker1..N}; they are addressed by
 * 0-based index in {@link #tracker(int)}, {@link #killTracker(int)} and {@link #restartTracker(int)}.
 */
public final class MiniCluster implements AutoCloseable {
  private final Vertx vertx;
  private final Path dir;
  private final String secret;
  private final TrackerNode[] trackers;
  private final Path[] trackerConfigs;
  private final List<HostPort> trackerAddresses;
  private final Map<String, StorageNode> storages = new LinkedHashMap<>();
  private final Map<String, Path> storageConfigs = new LinkedHashMap<>();
  private final Map<String, Integer> serverIds = new LinkedHashMap<>();
  private final Map<String, String> groupOf = new LinkedHashMap<>();
  private final Map<String, String> storageSettings;
  private int nextServerId = 100001;

  private MiniCluster(Vertx vertx, Path dir, String secret, TrackerNode[] trackers, Path[] trackerConfigs,
      List<HostPort> trackerAddresses, Map<String, String> storageSettings) {
    this.vertx = vertx;
    this.dir = dir;
    this.secret = secret;
    this.trackers = trackers;
    this.trackerConfigs = trackerConfigs;
    this.trackerAddresses = List.copyOf(trackerAddresses);
    this.storageSettings = Map.copyOf(storageSettings);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chooses the shape of the cluster. */
  public static final class Builder {
    private int groups = 1;
    private int serversPerGroup = 1;
    private int trackerCount = 1;
    private final Map<String, String> trackerSettings = new LinkedHashMap<>();
    private final Map<String, String> storageSettings = new LinkedHashMap<>();

    public Builder groups(int n) {
      groups = n;
      return this;
    }

    /** How many trackers (1, 3 or 5; default 1): several form one Raft group. */
    public Builder trackers(int n) {
      if (n < 1 || n > 7) {
        throw new IllegalArgumentException("trackers: 1..7");
      }
      trackerCount = n;
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
        TrackerNode[] trackers = new TrackerNode[trackerCount];
        Path[] confs = new Path[trackerCount];
        List<HostPort> addresses = new ArrayList<>();
        if (trackerCount == 1) {
          confs[0] = write(dir.resolve("tracker.conf"), trackerConf(dir.resolve("tracker"), secret, 0, 0, null, null));
          trackers[0] = await(TrackerNode.start(vertx, TrackerConfig.load(confs[0], Map.of())));
          // a restart keeps the client port, so storage servers and clients find it again
          write(confs[0], trackerConf(dir.resolve("tracker"), secret, trackers[0].port(), 0, null, null));
          addresses.add(new HostPort("127.0.0.1", trackers[0].port()));
        } else {
          int[] ports = freePorts(2 * trackerCount);
          StringBuilder peers = new StringBuilder();
          for (int i = 0; i < trackerCount; i++) {
            peers.append(i == 0 ? "" : ",").append("tracker").append(i + 1).append("@127.0.0.1:").append(ports[2 * i + 1]);
            addresses.add(new HostPort("127.0.0.1", ports[2 * i]));
          }
          for (int i = 0; i < trackerCount; i++) {
            confs[i] = write(dir.resolve("tracker" + (i + 1) + ".conf"), trackerConf(dir.resolve("tracker" + (i + 1)), secret,
                ports[2 * i], ports[2 * i + 1], "tracker" + (i + 1), peers.toString()));
          }
          List<Future<TrackerNode>> started = new ArrayList<>();
          for (int i = 0; i < trackerCount; i++) {
            started.add(TrackerNode.start(vertx, TrackerConfig.load(confs[i], Map.of())));
          }
          for (int i = 0; i < trackerCount; i++) {
            trackers[i] = await(started.get(i));
          }
        }
        MiniCluster c = new MiniCluster(vertx, dir, secret, trackers, confs, addresses, storageSettings);
        c.leaderTracker();
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

    private String trackerConf(Path base, String secret, int port, int raftPort, String id, String peers) {
      StringBuilder t = new StringBuilder();
      t.append("bind_addr = 127.0.0.1\nport = ").append(port).append("\nraft_port = ").append(raftPort).append('\n');
      t.append("base_path = ").append(base).append('\n');
      t.append("cluster_secret = ").append(secret).append('\n');
      t.append("heartbeat_timeout = 6\n");
      if (id != null) {
        t.append("tracker_id = ").append(id).append('\n').append("raft_peers = ").append(peers).append('\n');
      }
      trackerSettings.forEach((k, v) -> t.append(k).append(" = ").append(v).append('\n'));
      return t.toString();
    }
  }

  private static int[] freePorts(int n) throws IOException {
    int[] ports = new int[n];
    java.net.ServerSocket[] sockets = new java.net.ServerSocket[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (java.net.ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
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

  /**
   * Adds a whole new group at runtime (no restart anywhere): {@code servers} new storage servers in
   * {@code group}; the first becomes ACTIVE on its own, the others copy it. Returns once all are in
   * sync; returns their names.
   */
  public List<String> addGroup(String group, int servers) {
    if (groupOf.containsValue(group)) {
      throw new IllegalArgumentException("group " + group + " exists");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      names.add(addStorage(group));
      if (i == 0) {
        awaitInSync();
      }
    }
    awaitInSync();
    return names;
  }

  /**
   * Stops a storage server and empties its data directory (binlog, index, store path): started
   * again, it comes back with the same server ID and nothing on disk.
   */
  public void wipeStorage(String name) {
    killStorage(name);
    Path base = dir.resolve(name);
    deleteTree(base);
    try {
      Files.createDirectories(base);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The group of a storage server (running or not). */
  public String groupOf(String name) {
    String g = groupOf.get(name);
    if (g == null) {
      throw new IllegalArgumentException("no storage " + name);
    }
    return g;
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
        tracker_server = %s
        cluster_secret = %s
        heartbeat_interval = 1
        """.formatted(group, serverId, base, base,
        String.join(",", trackerAddresses.stream().map(HostPort::toString).toList()), secret));
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

  /**
   * The tracker tests read the cluster from: the only one, or with several the current leader (the
   * most up-to-date state), else any running one.
   */
  public TrackerNode tracker() {
    if (trackers.length == 1) {
      return trackers[0];
    }
    TrackerNode any = null;
    for (TrackerNode t : trackers) {
      if (t != null && t.isLeader()) {
        return t;
      }
      any = any == null ? t : any;
    }
    if (any == null) {
      throw new IllegalStateException("no tracker running");
    }
    return any;
  }

  /** Tracker {@code i} (0-based), or null while it is killed. */
  public TrackerNode tracker(int i) {
    return trackers[i];
  }

  public int trackerCount() {
    return trackers.length;
  }

  /** Waits (up to 30 s) until a running tracker leads and has committed in its term; returns it. */
  public TrackerNode leaderTracker() {
    TrackerNode[] found = new TrackerNode[1];
    org.awaitility.Awaitility.await("a tracker leader").atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
          for (TrackerNode t : trackers) {
            if (t != null && t.isLeaderReady()) {
              found[0] = t;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  /** The 0-based index of the leading tracker (waits for one like {@link #leaderTracker}). */
  public int leaderIndex() {
    TrackerNode l = leaderTracker();
    for (int i = 0; i < trackers.length; i++) {
      if (trackers[i] == l) {
        return i;
      }
    }
    throw new IllegalStateException("leader not found");
  }

  /** Stops tracker {@code i} (its sockets close, its Raft server stops); its data stays. */
  public void killTracker(int i) {
    TrackerNode t = trackers[i];
    trackers[i] = null;
    if (t != null) {
      await(t.stop());
    }
  }

  /** Starts tracker {@code i} again on the same ports and data directory; it rejoins the Raft group. */
  public TrackerNode restartTracker(int i) {
    killTracker(i);
    trackers[i] = await(TrackerNode.start(vertx, TrackerConfig.load(trackerConfigs[i], Map.of())));
    return trackers[i];
  }

  /** The first tracker's client address. */
  public HostPort trackerAddress() {
    return trackerAddresses.get(0);
  }

  /** Every tracker's client address (killed ones included: their ports are kept for restarts). */
  public List<HostPort> trackerAddresses() {
    return trackerAddresses;
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
    return tracker().clusterState().server(serverId(name)).map(s -> s.status()).orElse(ServerStatus.NONE);
  }

  /** Whether a storage server is running here. */
  public boolean running(String name) {
    return storages.containsKey(name);
  }

  /**
   * Waits (up to 60 s) until every running storage server is ACTIVE on the tracker and each one's
   * own view of its group shows its running peers ACTIVE, so a write anywhere reaches them all.
   * DELETED servers are left out.
   */
  public void awaitInSync() {
    org.awaitility.Awaitility.await("storage servers in sync").atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(50)).until(this::inSync);
  }

  private boolean inSync() {
    for (Map.Entry<String, StorageNode> e : storages.entrySet()) {
      if (status(e.getKey()) == ServerStatus.DELETED) {
        continue; // removed from its group: nobody's peer any more
      }
      if (status(e.getKey()) != ServerStatus.ACTIVE) {
        return false;
      }
      GroupMembers view = e.getValue().trackerLink().members();
      if (view.self() != ServerStatus.ACTIVE) {
        return false;
      }
      for (String other : storages.keySet()) {
        if (!other.equals(e.getKey()) && groupOf.get(other).equals(groupOf.get(e.getKey())) && status(other) != ServerStatus.DELETED) {
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
      for (int i = 0; i < trackers.length; i++) {
        try {
          killTracker(i);
        } catch (RuntimeException ignored) {
          // best effort
        }
      }
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
