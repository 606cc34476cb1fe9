package io.stowage.storage;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;
import io.stowage.common.config.KeyValueConfig;
import io.stowage.common.config.NetworkAcl;
import io.stowage.common.config.ReservedSpace;
import io.stowage.common.fileid.GeneratedName;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of one storage server, FastDFS {@code storage.conf} style. Every key can be overridden
 * by the environment variable {@code STOWAGE_<KEY>}.
 *
 * @param storePaths store path i is {@code M<i as 2 hex digits>}; defaults to {@code [basePath]}
 * @param distributePathMode 0 = round robin over the subdirectories, switching every
 *     {@code rotateCount} files; 1 = hash of the generated name
 * @param directIoMinSize files of at least this many bytes are written with O_DIRECT, bypassing the
 *     page cache (0 = never)
 * @param indexCacheSize bytes of recently read index values kept decoded in memory (0 = none)
 */
public record StorageConfig(
    String group,
    int serverId,
    String bindAddr,
    int port,
    String advertiseHost,
    Path basePath,
    List<Path> storePaths,
    int subdirCount,
    int distributePathMode,
    int rotateCount,
    boolean fsyncAfterWrite,
    List<HostPort> trackers,
    String clusterSecret,
    Duration heartbeatInterval,
    NetworkAcl clientNetworks,
    ReservedSpace reservedSpace,
    Duration syncInterval,
    int syncRecordsPerSecond,
    Duration replicationTimeout,
    int scrubFilesPerSecond,
    Duration scrubPassInterval,
    Duration tombstoneGrace,
    long directIoMinSize,
    long indexCacheSize) {

  public static final int MAX_STORE_PATHS = 256;
  public static final long DEFAULT_DIRECT_IO_MIN_SIZE = 32L << 20;
  public static final long DEFAULT_INDEX_CACHE_SIZE = 32L << 20;

  public StorageConfig {
    storePaths = List.copyOf(storePaths);
    trackers = List.copyOf(trackers);

  }

  /** With the default tombstone grace (1 h). */
  public StorageConfig(String group, int serverId, String bindAddr, int port, String advertiseHost, Path basePath,
      List<Path> storePaths, int subdirCount, int distributePathMode, int rotateCount, boolean fsyncAfterWrite,
      List<HostPort> trackers, String clusterSecret, Duration heartbeatInterval, NetworkAcl clientNetworks,
      ReservedSpace reservedSpace, Duration syncInterval, int syncRecordsPerSecond, Duration replicationTimeout,
      int scrubFilesPerSecond, Duration scrubPassInterval) {
    this(group, serverId, bindAddr, port, advertiseHost, basePath, storePaths, subdirCount, distributePathMode, rotateCount,
        fsyncAfterWrite, trackers, clusterSecret, heartbeatInterval, clientNetworks, reservedSpace, syncInterval,
        syncRecordsPerSecond, replicationTimeout, scrubFilesPerSecond, scrubPassInterval, Duration.ofHours(1),
        DEFAULT_DIRECT_IO_MIN_SIZE, DEFAULT_INDEX_CACHE_SIZE);
  }

  /** Reads {@code file} (may be null: everything from {@code env}) and validates every value. */
  public static StorageConfig load(Path file, Map<String, String> env) {
    return from(KeyValueConfig.load(file, env));
  }

  /** Builds a config from literal {@code key -> value} settings (tests, the all-in-one launcher). */
  public static StorageConfig of(Map<String, String> settings) {
    return from(new KeyValueConfig(settings, Map.of()));
  }

  /**
   * The embedded single-node defaults: one store path under {@code baseDir}, port 0 unless given,
   * no reserved space.
   */
  public static StorageConfig embedded(Path baseDir, int serverId, String clusterSecret, int port, List<HostPort> trackers) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("base_path", baseDir.toString());
    m.put("server_id", Integer.toString(serverId));
    m.put("cluster_secret", clusterSecret);
    m.put("port", Integer.toString(port));
    m.put("reserved_storage_space", "0");
    m.put("tracker_server", String.join(",", trackers.stream().map(HostPort::toString).toList()));
    return of(m);
  }

  static StorageConfig from(KeyValueConfig c) {
    String group = c.string("group_name", "group1");
    if (group.length() > 16 || !group.matches("[A-Za-z0-9_]+")) {
      throw new ConfigException("group_name", "'" + group + "' must be 1..16 of [A-Za-z0-9_]");
    }
    int serverId = c.integer("server_id", -1, 1, GeneratedName.MAX_SERVER_ID);
    if (serverId < 0) {
      throw new ConfigException("server_id", "is required (1.." + GeneratedName.MAX_SERVER_ID + ", never change it)");
    }
    String bind = c.string("bind_addr", "127.0.0.1");
    int port = c.port("port", 23000);
    String advertise = c.string("advertise_host", null);
    if (advertise == null) {
      advertise = defaultAdvertise(bind);
    }
    Path base = Path.of(c.required("base_path")).toAbsolutePath().normalize();
    List<Path> stores = new ArrayList<>();
    boolean gap = false;
    for (int i = 0; i < MAX_STORE_PATHS; i++) {
      String p = c.raw("store_path" + i);
      if (p == null || p.isBlank()) {
        gap = true;
      } else if (gap && i > 0) {
        throw new ConfigException("store_path" + i, "given without store_path" + (i - 1) + " (M" + String.format("%02X", i)
            + " must stay store path " + i + ")");
      } else {
        stores.add(Path.of(p.strip()).toAbsolutePath().normalize());
      }
    }
    if (stores.isEmpty()) {
      stores.add(base);
    }
    if (stores.size() > MAX_STORE_PATHS) {
      throw new ConfigException("store_path", "at most " + MAX_STORE_PATHS + " store paths");
    }
    if (stores.stream().distinct().count() != stores.size()) {
      throw new ConfigException("store_path", "a store path is listed twice");
    }
    int subdirs = c.integer("subdir_count_per_path", 256, 1, 256);
    int mode = c.integer("file_distribute_path_mode", 0, 0, 1);
    int rotate = c.integer("file_distribute_rotate_count", 100, 1, Integer.MAX_VALUE);
    boolean fsync = c.bool("fsync_after_write", true);
    List<HostPort> trackers = new ArrayList<>();
    for (String t : c.list("tracker_server")) {
      trackers.add(HostPort.parse("tracker_server", t));
    }
    if (trackers.isEmpty()) {
      throw new ConfigException("tracker_server", "at least one host:port is required");
    }
    String secret = c.required("cluster_secret");
    if (secret.length() > 1024) {
      throw new ConfigException("cluster_secret", "longer than 1024 bytes");
    }
    Duration beat = Duration.ofSeconds(c.seconds("heartbeat_interval", 5, 1, 3600));
    NetworkAcl nets = NetworkAcl.parse("client_networks", c.string("client_networks", NetworkAcl.DEFAULT));
    ReservedSpace reserved = c.reserved("reserved_storage_space", "10%");
    Duration syncInterval = Duration.ofMillis(c.integer("sync_interval_ms", 1000, 50, 3_600_000));
    int syncRate = c.integer("sync_records_per_second", 0, 0, 1_000_000);
    Duration replTimeout = Duration.ofSeconds(c.seconds("replication_timeout", 30, 1, 3600));
    int scrubRate = c.integer("scrub_files_per_second", 10, 0, 100_000);
    Duration scrubPause = Duration.ofSeconds(c.seconds("scrub_pass_interval", 3600, 1, 30L * 86_400));
    // index tombstones older than this are purged once the whole group is in sync (index.TombstonePurge)
    Duration tombstoneGrace = Duration.ofSeconds(c.seconds("tombstone_grace", 3600, 1, 365L * 86_400));
    // large files skip the page cache (fs.DirectFileSink); 0 turns that off
    long directIoMinSize = c.size("direct_io_min_size", DEFAULT_DIRECT_IO_MIN_SIZE);
    // hot index values kept decoded in memory (index.HotValues); 0 turns that off
    long indexCacheSize = c.size("index_cache_size", DEFAULT_INDEX_CACHE_SIZE);
    return new StorageConfig(group, serverId, bind, port, advertise, base, stores, subdirs, mode, rotate, fsync, trackers,
        secret, beat, nets, reserved, syncInterval, syncRate, replTimeout, scrubRate, scrubPause, tombstoneGrace,
        directIoMinSize, indexCacheSize);
  }

  private static String defaultAdvertise(String bind) {
    if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
      return bind;
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("advertise_host", "is required when bind_addr is a wildcard and the host name does not resolve");
    }
  }

  /** Whether FastDFS client commands are allowed from {@code ip}. */
  public boolean clientAllowed(String ip) {
    return clientNetworks.allows(ip);
  }

  @Override
  public String toString() {
    return "StorageConfig[group=" + group + ", serverId=" + serverId + ", bind=" + bindAddr + ":" + port
        + ", advertise=" + advertiseHost + ", basePath=" + basePath + ", storePaths=" + storePaths
        + ", subdirs=" + subdirCount + ", distributeMode=" + distributePathMode + ", rotate=" + rotateCount
        + ", fsync=" + fsyncAfterWrite + ", trackers=" + trackers + ", clusterSecret=***"
        + ", heartbeat=" + heartbeatInterval + ", clientNetworks=" + clientNetworks + ", reserved=" + reservedSpace
        + ", syncInterval=" + syncInterval + ", syncRecordsPerSecond=" + syncRecordsPerSecond + ", replicationTimeout=" + replicationTimeout
        + ", scrubFilesPerSecond=" + scrubFilesPerSecond + ", scrubPassInterval=" + scrubPassInterval
        + ", tombstoneGrace=" + tombstoneGrace + ", directIoMinSize=" + directIoMinSize
        + ", indexCacheSize=" + indexCacheSize + "]";
  }
}
