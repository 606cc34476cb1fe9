package io.stowage.tracker;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.KeyValueConfig;
import io.stowage.common.config.ReservedSpace;
import io.stowage.tracker.placement.DownloadServerPolicy;
import io.stowage.tracker.placement.StoreLookupPolicy;
import io.stowage.tracker.placement.StorePathPolicy;
import io.stowage.tracker.placement.StoreServerPolicy;
import io.stowage.tracker.raft.RaftPeerSpec;
import io.stowage.common.config.NetworkAcl;
import io.stowage.tracker.server.StatLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tracker settings, FastDFS {@code tracker.conf} style ({@code key = value}, each overridable by
 * {@code STOWAGE_<KEY>}):
 *
 * <pre>
 * bind_addr              = 127.0.0.1       # address for the tracker and Raft ports
 * port                   = 22122           # FastDFS-compatible + internal commands (0 = ephemeral)
 * raft_port              = 22123           # Raft between trackers (0 = ephemeral, single tracker only)
 * base_path              = /var/stowage/tracker   # required; Raft log and snapshots in base_path/raft
 * cluster_secret         = ...             # required; internal commands must present it
 * store_lookup           = load_balance    # round_robin | specify_group | load_balance (most free space)
 * store_group            = group1          # required with specify_group
 * store_server           = round_robin     # round_robin | first_by_ip | first_by_priority
 * store_path             = round_robin     # round_robin | load_balance
 * download_server        = round_robin     # round_robin | source_first
 * reserved_storage_space = 1%              # or an absolute size (2G); below it no new writes
 * heartbeat_timeout      = 30              # seconds (s/m/h suffix allowed) without beats -> OFFLINE
 * network_timeout        = 60              # seconds a client connection may stay idle
 * client_networks        = 127.0.0.0/8,::1/128   # CIDRs allowed to use FastDFS client commands
 * fastdfs_stat_layout    = v5              # v5 (105/612-byte records) | v6 (113/487)
 * tracker_id             = tracker1        # this tracker's Raft peer ID
 * min_write_replicas     = 1               # copies (the receiving server included) a write needs, else EAGAIN
 * min_write_replicas_per_group = group1:2,group2:3   # per-group overrides
 * reserved_storage_space_per_group = group1:99%   # per-group overrides of reserved_storage_space
 *                                     (a group kept at its reserve takes no new files: a "full" or drained group)
 * raft_peers             = tracker1@10.0.0.1:22123,tracker2@10.0.0.2:22123,...   # default: just this tracker
 * </pre>
 */
public record TrackerConfig(
    String bindAddr,
    int port,
    int raftPort,
    Path basePath,
    String clusterSecret,
    StoreLookupPolicy storeLookup,
    String storeGroup,
    StoreServerPolicy storeServer,
    StorePathPolicy storePath,
    DownloadServerPolicy downloadServer,
    ReservedSpace reservedSpace,
    Duration heartbeatTimeout,
    int networkTimeoutSeconds,
    NetworkAcl clientNetworks,
    StatLayout statLayout,
    String trackerId,
    List<RaftPeerSpec> raftPeers,
    int minWriteReplicas,
    Map<String, Integer> minWriteReplicasPerGroup,
    Map<String, ReservedSpace> reservedSpacePerGroup) {

  public static final int DEFAULT_PORT = 22122;
  public static final int DEFAULT_RAFT_PORT = 22123;
  public static final String DEFAULT_TRACKER_ID = "tracker1";

  public TrackerConfig {
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(clusterSecret, "clusterSecret");
    raftPeers = List.copyOf(raftPeers);
    if (raftPeers.stream().noneMatch(p -> p.id().equals(trackerId))) {
      throw new ConfigException("raft_peers", "does not list tracker_id " + trackerId);
    }
    if (raftPort == 0 && raftPeers.size() > 1) {
      throw new ConfigException("raft_port", "0 (ephemeral) works only for a single tracker");
    }
    if (minWriteReplicas < 1) {
      throw new ConfigException("min_write_replicas", "must be at least 1");
    }
    minWriteReplicasPerGroup = Map.copyOf(minWriteReplicasPerGroup);
    reservedSpacePerGroup = Map.copyOf(reservedSpacePerGroup);
    if (storeLookup == StoreLookupPolicy.SPECIFY_GROUP && (storeGroup == null || storeGroup.isEmpty())) {
      throw new ConfigException("store_group", "is required when store_lookup = specify_group");
    }
  }

  /** Without per-group reserve overrides. */
  public TrackerConfig(String bindAddr, int port, int raftPort, Path basePath, String clusterSecret, StoreLookupPolicy storeLookup,
      String storeGroup, StoreServerPolicy storeServer, StorePathPolicy storePath, DownloadServerPolicy downloadServer,
      ReservedSpace reservedSpace, Duration heartbeatTimeout, int networkTimeoutSeconds, NetworkAcl clientNetworks,
      StatLayout statLayout, String trackerId, List<RaftPeerSpec> raftPeers, int minWriteReplicas,
      Map<String, Integer> minWriteReplicasPerGroup) {
    this(bindAddr, port, raftPort, basePath, clusterSecret, storeLookup, storeGroup, storeServer, storePath, downloadServer,
        reservedSpace, heartbeatTimeout, networkTimeoutSeconds, clientNetworks, statLayout, trackerId, raftPeers, minWriteReplicas,
        minWriteReplicasPerGroup, Map.of());
  }

  public static TrackerConfig load(Path file, Map<String, String> env) {
    return from(KeyValueConfig.load(file, env));
  }

  public static TrackerConfig from(KeyValueConfig kv) {
    String bind = kv.string("bind_addr", "127.0.0.1");
    int port = kv.port("port", DEFAULT_PORT);
    String base = kv.required("base_path");
    String secret = kv.required("cluster_secret");
    StoreLookupPolicy lookup = kv.enumValue("store_lookup", StoreLookupPolicy.class, StoreLookupPolicy.LOAD_BALANCE);
    String group = kv.string("store_group", "");
    if (!group.isEmpty() && !group.matches("[A-Za-z0-9_]{1,16}")) {
      throw new ConfigException("store_group", "'" + group + "' is not 1..16 of [A-Za-z0-9_]");
    }
    StoreServerPolicy server = kv.enumValue("store_server", StoreServerPolicy.class, StoreServerPolicy.ROUND_ROBIN);
    StorePathPolicy path = kv.enumValue("store_path", StorePathPolicy.class, StorePathPolicy.ROUND_ROBIN);
    DownloadServerPolicy download = kv.enumValue("download_server", DownloadServerPolicy.class, DownloadServerPolicy.ROUND_ROBIN);
    ReservedSpace reserved = kv.reserved("reserved_storage_space", "1%");
    long heartbeat = kv.seconds("heartbeat_timeout", 30, 1, 86_400);
    int network = (int) kv.seconds("network_timeout", 60, 1, 86_400);
    NetworkAcl acl = NetworkAcl.parse("client_networks", kv.string("client_networks", NetworkAcl.DEFAULT));
    StatLayout layout = kv.enumValue("fastdfs_stat_layout", StatLayout.class, StatLayout.V5);
    String id = kv.string("tracker_id", DEFAULT_TRACKER_ID);
    if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigException("tracker_id", "'" + id + "' must be 1..64 of [A-Za-z0-9_.-]");
    }
    List<RaftPeerSpec> peers = new ArrayList<>();
    for (String p : kv.list("raft_peers")) {
      RaftPeerSpec spec = RaftPeerSpec.parse("raft_peers", p);
      if (peers.stream().anyMatch(q -> q.id().equals(spec.id()))) {
        throw new ConfigException("raft_peers", "lists " + spec.id() + " twice");
      }
      peers.add(spec);
    }
    int raftPort;
    if (peers.isEmpty()) {
      raftPort = kv.port("raft_port", DEFAULT_RAFT_PORT);
      peers.add(new RaftPeerSpec(id, new io.stowage.common.config.HostPort(bind, raftPort)));
    } else {
      RaftPeerSpec self = peers.stream().filter(p -> p.id().equals(id)).findFirst()
          .orElseThrow(() -> new ConfigException("raft_peers", "does not list tracker_id " + id));
      raftPort = kv.port("raft_port", self.address().port());
      if (raftPort != self.address().port()) {
        throw new ConfigException("raft_port", raftPort + " differs from this tracker's raft_peers entry " + self);
      }
    }
    int minCopies = kv.integer("min_write_replicas", 1, 1, 16);
    Map<String, Integer> perGroup = new java.util.LinkedHashMap<>();
    for (String item : kv.list("min_write_replicas_per_group")) {
      int colon = item.lastIndexOf(':');
      String g = colon > 0 ? item.substring(0, colon).strip() : "";
      int n;
      try {
        n = colon > 0 ? Integer.parseInt(item.substring(colon + 1).strip()) : -1;
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (!g.matches("[A-Za-z0-9_]{1,16}") || n < 1 || n > 16 || perGroup.put(g, n) != null) {
        throw new ConfigException("min_write_replicas_per_group", "'" + item + "' must be group:copies (1..16), each group once");
      }
    }
    Map<String, ReservedSpace> reservedPerGroup = new java.util.LinkedHashMap<>();
    for (String item : kv.list("reserved_storage_space_per_group")) {
      int colon = item.lastIndexOf(':');
      String g = colon > 0 ? item.substring(0, colon).strip() : "";
      ReservedSpace r = colon > 0 ? parseReserved(item.substring(colon + 1).strip()) : null;
      if (!g.matches("[A-Za-z0-9_]{1,16}") || r == null || reservedPerGroup.put(g, r) != null) {
        throw new ConfigException("reserved_storage_space_per_group",
            "'" + item + "' must be group:size or group:percent (0..99%), each group once");
      }
    }
    return new TrackerConfig(bind, port, raftPort, Path.of(base), secret, lookup, group, server, path, download, reserved,
        Duration.ofSeconds(heartbeat), network, acl, layout, id, peers, minCopies, perGroup, reservedPerGroup);
  }

  /**
   * A single tracker on loopback for tests and the all-in-one launcher: Raft on an ephemeral port,
   * data under {@code baseDir}, defaults for everything else.
   */
  public static TrackerConfig embedded(Path baseDir, int port, String secret) {
    return new TrackerConfig("127.0.0.1", port, 0, baseDir, secret, StoreLookupPolicy.LOAD_BALANCE, "",
        StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN, DownloadServerPolicy.ROUND_ROBIN, new ReservedSpace(0, 1),
        Duration.ofSeconds(30), 60, NetworkAcl.parse("client_networks", NetworkAcl.DEFAULT), StatLayout.V5, DEFAULT_TRACKER_ID,
        List.of(new RaftPeerSpec(DEFAULT_TRACKER_ID, new io.stowage.common.config.HostPort("127.0.0.1", 0))), 1, Map.of());
  }

  /** A reserve as {@code 10%} (0..99) or a size with an optional K/M/G/T suffix; null when malformed. */
  private static ReservedSpace parseReserved(String v) {
    try {
      if (v.endsWith("%")) {
        double pct = Double.parseDouble(v.substring(0, v.length() - 1).strip());
        return pct >= 0 && pct < 100 ? new ReservedSpace(0, pct) : null;
      }
      String digits = v.toUpperCase(java.util.Locale.ROOT);
      int shift = 0;
      char last = digits.isEmpty() ? ' ' : digits.charAt(digits.length() - 1);
      int unit = "KMGT".indexOf(last);
      if (unit >= 0) {
        shift = 10 * (unit + 1);
        digits = digits.substring(0, digits.length() - 1).strip();
      }
      long n = Long.parseLong(digits);
      return n >= 0 && n <= (Long.MAX_VALUE >> shift) ? new ReservedSpace(n << shift, 0) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The space kept free on {@code group}'s servers: its per-group override, else {@code reserved_storage_space}. */
  public ReservedSpace reservedSpace(String group) {
    return reservedSpacePerGroup.getOrDefault(group, reservedSpace);
  }

  /** The copies a write to {@code group} needs: its {@code min_write_replicas_per_group} entry, else {@code min_write_replicas}. */
  public int minWriteReplicas(String group) {
    return minWriteReplicasPerGroup.getOrDefault(group, minWriteReplicas);
  }

  public TrackerConfig withPort(int p) {
    return new TrackerConfig(bindAddr, p, raftPort, basePath, clusterSecret, storeLookup, storeGroup, storeServer, storePath,
        downloadServer, reservedSpace, heartbeatTimeout, networkTimeoutSeconds, clientNetworks, statLayout, trackerId, raftPeers, minWriteReplicas, minWriteReplicasPerGroup,
        reservedSpacePerGroup);
  }

  public TrackerConfig withHeartbeatTimeout(Duration d) {
    return new TrackerConfig(bindAddr, port, raftPort, basePath, clusterSecret, storeLookup, storeGroup, storeServer, storePath,
        downloadServer, reservedSpace, d, networkTimeoutSeconds, clientNetworks, statLayout, trackerId, raftPeers, minWriteReplicas, minWriteReplicasPerGroup,
        reservedSpacePerGroup);
  }

  public TrackerConfig withStatLayout(StatLayout l) {
    return new TrackerConfig(bindAddr, port, raftPort, basePath, clusterSecret, storeLookup, storeGroup, storeServer, storePath,
        downloadServer, reservedSpace, heartbeatTimeout, networkTimeoutSeconds, clientNetworks, l, trackerId, raftPeers, minWriteReplicas, minWriteReplicasPerGroup,
        reservedSpacePerGroup);
  }

  public TrackerConfig withClientNetworks(NetworkAcl acl) {
    return new TrackerConfig(bindAddr, port, raftPort, basePath, clusterSecret, storeLookup, storeGroup, storeServer, storePath,
        downloadServer, reservedSpace, heartbeatTimeout, networkTimeoutSeconds, acl, statLayout, trackerId, raftPeers, minWriteReplicas, minWriteReplicasPerGroup,
        reservedSpacePerGroup);
  }

  public TrackerConfig withPlacement(StoreLookupPolicy lookup, String group, StoreServerPolicy server, StorePathPolicy path,
      DownloadServerPolicy download, ReservedSpace reserved) {
    return new TrackerConfig(bindAddr, port, raftPort, basePath, clusterSecret, lookup, group, server, path, download, reserved,
        heartbeatTimeout, networkTimeoutSeconds, clientNetworks, statLayout, trackerId, raftPeers, minWriteReplicas, minWriteReplicasPerGroup,
        reservedSpacePerGroup);
  }

  /** Never prints the cluster secret. */
  @Override
  public String toString() {
    return "TrackerConfig[" + bindAddr + ":" + port + ", raft " + raftPort + ", id " + trackerId + ", peers " + raftPeers
        + ", base " + basePath + ", store_lookup " + storeLookup + ", reserved " + reservedSpace + ", heartbeat " + heartbeatTimeout + "]";
  }
}
