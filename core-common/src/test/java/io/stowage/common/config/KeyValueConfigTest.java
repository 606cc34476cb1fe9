package io.stowage.common.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueConfigTest {
  @TempDir Path dir;

  @Test
  void readsFileAndEnvironmentOverrides() throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "# comment\nport = 23000\ngroup_name=group7\nstore_path0 = /a\nstore_path1 = /b\n");
    KeyValueConfig c = KeyValueConfig.load(f, Map.of("STOWAGE_PORT", "24000"));
    assertEquals(24000, c.port("port", 1));
    assertEquals("group7", c.string("group_name", "group1"));
    assertEquals(java.util.List.of("/a", "/b"), c.list("store_path"));
  }

  @Test
  void listsCollectRepeatedLinesCommasAndNumberedKeys() throws Exception {
    Path f = dir.resolve("t.conf");
    Files.writeString(f, "tracker_server = a:1\ntracker_server = b:2, c:3\ntracker_server2 = d:4\n");
    assertEquals(java.util.List.of("a:1", "b:2", "c:3", "d:4"), KeyValueConfig.load(f, Map.of()).list("tracker_server"));
    assertEquals(java.util.List.of("e:5", "d:4"),
        KeyValueConfig.load(f, Map.of("STOWAGE_TRACKER_SERVER", "e:5")).list("tracker_server"));
  }

  @Test
  void badValuesNameTheKey() {
    KeyValueConfig c = new KeyValueConfig(Map.of("port", "70000", "fsync", "maybe", "size", "12Q"), Map.of());
    assertTrue(assertThrows(ConfigException.class, () -> c.port("port", 1)).getMessage().contains("port"));
    assertTrue(assertThrows(ConfigException.class, () -> c.bool("fsync", true)).getMessage().contains("fsync"));
    assertTrue(assertThrows(ConfigException.class, () -> c.size("size", 0)).getMessage().contains("size"));
  }

  @Test
  void reservedSpaceAcceptsPercentAndBytes() {
    KeyValueConfig c = new KeyValueConfig(Map.of("a", "10%", "b", "2G"), Map.of());
    ReservedSpace pct = c.reserved("a", "0");
    assertTrue(pct.allowsWrite(11, 100));
    assertFalse(pct.allowsWrite(10, 100));
    ReservedSpace abs = c.reserved("b", "0");
    assertEquals(2L << 30, abs.bytes());
    assertFalse(abs.allowsWrite(1L << 30, 100L << 30));
  }
}
