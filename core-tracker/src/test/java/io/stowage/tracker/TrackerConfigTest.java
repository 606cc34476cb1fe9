package io.stowage.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.ConfigException;
import io.stowage.tracker.placement.DownloadServerPolicy;
import io.stowage.tracker.placement.StoreLookupPolicy;
import io.stowage.tracker.placement.StorePathPolicy;
import io.stowage.tracker.placement.StoreServerPolicy;
import io.stowage.tracker.server.StatLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackerConfigTest {
  @TempDir
  Path dir;

  Path write(String... lines) throws IOException {
    Path f = dir.resolve("tracker.conf");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  @Test
  void minWriteReplicasPerClusterAndPerGroup() throws IOException {
    TrackerConfig d = TrackerConfig.load(write("base_path = /t", "cluster_secret = x"), Map.of());
    assertEquals(1, d.minWriteReplicas("group1"));
    TrackerConfig c = TrackerConfig.load(write("base_path = /t", "cluster_secret = x", "min_write_replicas = 2",
        "min_write_replicas_per_group = group1:3, group2:1"), Map.of());
    assertEquals(3, c.minWriteReplicas("group1"));
    assertEquals(1, c.minWriteReplicas("group2"));
    assertEquals(2, c.minWriteReplicas("group3"));
  }

  @Test
  void reservedSpaceHasPerGroupOverrides() throws IOException {
    TrackerConfig c = TrackerConfig.load(write("base_path = /t", "cluster_secret = x", "reserved_storage_space = 2%",
        "reserved_storage_space_per_group = group1:99%, group2:10G"), Map.of());
    assertEquals(new io.stowage.common.config.ReservedSpace(0, 99), c.reservedSpace("group1"));
    assertEquals(new io.stowage.common.config.ReservedSpace(10L << 30, 0), c.reservedSpace("group2"));
    assertEquals(new io.stowage.common.config.ReservedSpace(0, 2), c.reservedSpace("group3"));
    assertEquals(c.reservedSpacePerGroup(), c.withPort(5).reservedSpacePerGroup(), "copies keep the overrides");
  }

  @Test
  void defaultsNeedOnlyBasePathAndSecret() throws IOException {
    TrackerConfig c = TrackerConfig.load(write("base_path = /var/t", "cluster_secret = s3cret"), Map.of());
    assertEquals("127.0.0.1", c.bindAddr());
    assertEquals(22122, c.port());
    assertEquals(22123, c.raftPort());
    assertEquals(Path.of("/var/t"), c.basePath());
    assertEquals(StoreLookupPolicy.LOAD_BALANCE, c.storeLookup());
    assertEquals(StoreServerPolicy.ROUND_ROBIN, c.storeServer());
    assertEquals(StorePathPolicy.ROUND_ROBIN, c.storePath());
    assertEquals(DownloadServerPolicy.ROUND_ROBIN, c.downloadServer());
    assertEquals(1.0, c.reservedSpace().percent());
    assertEquals(Duration.ofSeconds(30), c.heartbeatTimeout());
    assertEquals(StatLayout.V5, c.statLayout());
    assertTrue(c.clientNetworks().allows("127.0.0.1"));
    assertFalse(c.clientNetworks().allows("10.0.0.1"));
    assertEquals("tracker1", c.trackerId());
    assertEquals(1, c.raftPeers().size());
    assertEquals(22123, c.raftPeers().get(0).address().port());
    assertFalse(c.toString().contains("s3cret"));
  }

  @Test
  void everyKeyIsReadAndEnvironmentOverridesTheFile() throws IOException {
    Path f = write("base_path = /var/t", "cluster_secret = x", "bind_addr = 0.0.0.0", "port = 0", "raft_port = 0",
        "store_lookup = specify_group", "store_group = group7", "store_server = first_by_priority", "store_path = load_balance",
        "download_server = source_first", "reserved_storage_space = 2G", "heartbeat_timeout = 2m",
        "client_networks = 10.0.0.0/8", "fastdfs_stat_layout = v6", "tracker_id = t9");
    TrackerConfig c = TrackerConfig.load(f, Map.of("STOWAGE_PORT", "22999"));
    assertEquals(22999, c.port());
    assertEquals(0, c.raftPort());
    assertEquals(StoreLookupPolicy.SPECIFY_GROUP, c.storeLookup());
    assertEquals("group7", c.storeGroup());
    assertEquals(StoreServerPolicy.FIRST_BY_PRIORITY, c.storeServer());
    assertEquals(StorePathPolicy.LOAD_BALANCE, c.storePath());
    assertEquals(DownloadServerPolicy.SOURCE_FIRST, c.downloadServer());
    assertEquals(2L << 30, c.reservedSpace().bytes());
    assertEquals(Duration.ofMinutes(2), c.heartbeatTimeout());
    assertTrue(c.clientNetworks().allows("10.1.1.1"));
    assertEquals(StatLayout.V6, c.statLayout());
    assertEquals("t9", c.trackerId());
  }

  @Test
  void raftPeersListTheGroupAndSetThisTrackersRaftPort() throws IOException {
    TrackerConfig c = TrackerConfig.load(write("base_path = /t", "cluster_secret = x", "tracker_id = b",
        "raft_peers = a@10.0.0.1:7001, b@10.0.0.2:7002, c@10.0.0.3:7003"), Map.of());
    assertEquals(3, c.raftPeers().size());
    assertEquals(7002, c.raftPort());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "base_path;cluster_secret = x",
      "cluster_secret;base_path = /t",
      "port;base_path = /t|cluster_secret = x|port = 70000",
      "raft_port;base_path = /t|cluster_secret = x|raft_port = -1",
      "store_lookup;base_path = /t|cluster_secret = x|store_lookup = random",
      "store_group;base_path = /t|cluster_secret = x|store_lookup = specify_group",
      "store_group;base_path = /t|cluster_secret = x|store_group = bad-name!",
      "store_server;base_path = /t|cluster_secret = x|store_server = fastest",
      "store_path;base_path = /t|cluster_secret = x|store_path = first",
      "min_write_replicas;base_path = /t|cluster_secret = x|min_write_replicas = 0",
      "min_write_replicas_per_group;base_path = /t|cluster_secret = x|min_write_replicas_per_group = group1",
      "min_write_replicas_per_group;base_path = /t|cluster_secret = x|min_write_replicas_per_group = group1:0",
      "min_write_replicas_per_group;base_path = /t|cluster_secret = x|min_write_replicas_per_group = g:2,g:3",
      "reserved_storage_space_per_group;base_path = /t|cluster_secret = x|reserved_storage_space_per_group = group1:100%",
      "reserved_storage_space_per_group;base_path = /t|cluster_secret = x|reserved_storage_space_per_group = group1:lots",
      "reserved_storage_space_per_group;base_path = /t|cluster_secret = x|reserved_storage_space_per_group = 5%",
      "download_server;base_path = /t|cluster_secret = x|download_server = nearest",
      "reserved_storage_space;base_path = /t|cluster_secret = x|reserved_storage_space = 100%",
      "reserved_storage_space;base_path = /t|cluster_secret = x|reserved_storage_space = lots",
      "heartbeat_timeout;base_path = /t|cluster_secret = x|heartbeat_timeout = 0",
      "client_networks;base_path = /t|cluster_secret = x|client_networks = 10.0.0.0/40",
      "fastdfs_stat_layout;base_path = /t|cluster_secret = x|fastdfs_stat_layout = v4",
      "tracker_id;base_path = /t|cluster_secret = x|tracker_id = a b",
      "raft_peers;base_path = /t|cluster_secret = x|raft_peers = a@h:1,b@h:2",
      "raft_peers;base_path = /t|cluster_secret = x|raft_peers = tracker1",
      "raft_port;base_path = /t|cluster_secret = x|raft_peers = tracker1@h:1,b@h:2|raft_port = 5",
  })
  void invalidValuesFailNamingTheKey(String key, String lines) throws IOException {
    Path f = write(lines.split("\\|"));
    ConfigException e = assertThrows(ConfigException.class, () -> TrackerConfig.load(f, Map.of()));
    assertTrue(e.getMessage().contains(key), e.getMessage() + " should name " + key);
  }

  @Test
  void embeddedIsASingleLoopbackTrackerOnEphemeralRaftPort() {
    TrackerConfig c = TrackerConfig.embedded(dir, 0, "secret");
    assertEquals(0, c.port());
    assertEquals(0, c.raftPort());
    assertEquals(dir, c.basePath());
    assertEquals(1, c.raftPeers().size());
  }
}
