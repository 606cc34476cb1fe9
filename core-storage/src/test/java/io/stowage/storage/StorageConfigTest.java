package io.stowage.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageConfigTest {
  @TempDir
  Path dir;

  private Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("base_path", dir.toString());
    m.put("server_id", "100001");
    m.put("cluster_secret", "s3cr3t");
    m.put("tracker_server", "127.0.0.1:22122");
    return m;
  }

  @Test
  void fileWithDefaultsLoads() throws Exception {
    Path f = dir.resolve("storage.conf");
    Files.writeString(f, """
        # comment
        server_id = 7
        base_path = %s
        cluster_secret = x
        tracker_server = 10.0.0.1:22122
        tracker_server1 = 10.0.0.2:22122
        store_path0 = %s/a
        store_path1 = %s/b
        """.formatted(dir, dir, dir));
    StorageConfig c = StorageConfig.load(f, Map.of("STOWAGE_PORT", "0"));
    assertEquals("group1", c.group());
    assertEquals(7, c.serverId());
    assertEquals(0, c.port());
    assertEquals("127.0.0.1", c.advertiseHost());
    assertEquals(List.of(dir.resolve("a"), dir.resolve("b")), c.storePaths());
    assertEquals(List.of(new HostPort("10.0.0.1", 22122), new HostPort("10.0.0.2", 22122)), c.trackers());
    assertEquals(256, c.subdirCount());
    assertEquals(100, c.rotateCount());
    assertTrue(c.fsyncAfterWrite());
    assertEquals(Duration.ofSeconds(5), c.heartbeatInterval());
    assertTrue(c.clientAllowed("127.0.0.1"));
    assertTrue(c.clientAllowed("::1"));
    assertFalse(c.clientAllowed("10.1.2.3"));
  }

  @Test
  void storePathDefaultsToBasePath() {
    StorageConfig c = StorageConfig.of(minimal());
    assertEquals(List.of(dir.toAbsolutePath()), c.storePaths());
  }

  @ParameterizedTest
  @CsvSource({
      "server_id, 0", "server_id, 16777216", "server_id, abc", "port, 70000", "group_name, bad-group!",
      "subdir_count_per_path, 257", "file_distribute_path_mode, 2", "fsync_after_write, maybe",
      "tracker_server, nohost", "client_networks, 10.0.0.0/33", "client_networks, example.com",
      "reserved_storage_space, 120%", "heartbeat_interval, 0"})
  void badValueNamesTheKey(String key, String value) {
    Map<String, String> m = minimal();
    m.put(key, value);
    ConfigException e = assertThrows(ConfigException.class, () -> StorageConfig.of(m));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"server_id", "base_path", "cluster_secret", "tracker_server"})
  void missingRequiredKeyIsNamed(String key) {
    Map<String, String> m = minimal();
    m.remove(key);
    ConfigException e = assertThrows(ConfigException.class, () -> StorageConfig.of(m));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }

  @Test
  void storePathGapIsRefused() {
    Map<String, String> m = minimal();
    m.put("store_path0", dir.resolve("a").toString());
    m.put("store_path2", dir.resolve("c").toString());
    ConfigException e = assertThrows(ConfigException.class, () -> StorageConfig.of(m));
    assertTrue(e.getMessage().contains("store_path2"), e.getMessage());
  }

  @Test
  void secretNeverPrinted() {
    assertFalse(StorageConfig.of(minimal()).toString().contains("s3cr3t"));
  }

  @Test
  void clientNetworksDecideWhoMayUseClientCommands() {
    var m = minimal();
    m.put("client_networks", "192.168.4.0/22, ::1/128");
    StorageConfig c = StorageConfig.of(m);
    assertTrue(c.clientAllowed("192.168.7.255"));
    assertFalse(c.clientAllowed("192.168.8.0"));
    assertFalse(c.clientAllowed("127.0.0.1"));
    assertTrue(c.clientAllowed("::1"));
  }
}
