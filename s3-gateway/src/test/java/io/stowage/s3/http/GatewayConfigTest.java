package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  @TempDir
  Path dir;

  @Test
  void loadsFileWithEnvironmentOverrides() throws Exception {
    Path f = Files.writeString(dir.resolve("gw.conf"), """
        port = 0
        tracker_server = 10.0.0.1:22122, 10.0.0.2:22122
        cluster_secret = s3cret
        base_domain = s3.example.com
        region = eu-west-1
        """);
    GatewayConfig c = GatewayConfig.load(f, Map.of("STOWAGE_ACCESS_KEY", "AKROOT", "STOWAGE_SECRET_KEY",
        "rootsecret123", "STOWAGE_PORT", "9100"));
    assertEquals(9100, c.port());
    assertEquals(List.of(new HostPort("10.0.0.1", 22122), new HostPort("10.0.0.2", 22122)), c.trackers());
    assertEquals(List.of("s3.example.com"), c.baseDomains());
    assertEquals("eu-west-1", c.region());
    assertEquals("AKROOT", c.rootCredential().orElseThrow().accessKey());
    assertEquals(List.of("admin"), c.rootCredential().orElseThrow().grants());
    assertFalse(c.toString().contains("rootsecret123"));
    assertFalse(c.toString().contains("s3cret"));
  }

  @Test
  void defaults() throws Exception {
    Path f = Files.writeString(dir.resolve("gw.conf"), "tracker_server = 127.0.0.1:22122\ncluster_secret = x\n");
    GatewayConfig c = GatewayConfig.load(f, Map.of());
    assertEquals(9000, c.port());
    assertEquals("us-east-1", c.region());
    assertTrue(c.rootCredential().isEmpty());
  }

  @Test
  void invalidSettingsNameTheirKey() throws Exception {
    Path noTracker = Files.writeString(dir.resolve("a.conf"), "cluster_secret = x\n");
    assertTrue(assertThrows(ConfigException.class, () -> GatewayConfig.load(noTracker, Map.of()))
        .getMessage().contains("tracker_server"));
    Path badPort = Files.writeString(dir.resolve("b.conf"),
        "tracker_server = 127.0.0.1:1\ncluster_secret = x\nport = 70000\n");
    assertTrue(assertThrows(ConfigException.class, () -> GatewayConfig.load(badPort, Map.of()))
        .getMessage().contains("port"));
    Path halfCred = Files.writeString(dir.resolve("c.conf"), "tracker_server = 127.0.0.1:1\ncluster_secret = x\n");
    assertThrows(ConfigException.class, () -> GatewayConfig.load(halfCred, Map.of("STOWAGE_ACCESS_KEY", "AKROOT")));
  }

  @Test
  void inlineMaxSizeDefaultsTo16KibAndIsRangeChecked() throws Exception {
    Path f = Files.writeString(dir.resolve("i.conf"), "tracker_server = 127.0.0.1:1\ncluster_secret = x\n");
    assertEquals(16 * 1024, GatewayConfig.load(f, Map.of()).inlineMaxSize());
    assertEquals(0, GatewayConfig.load(f, Map.of("STOWAGE_INLINE_MAX_SIZE", "0")).inlineMaxSize());
    assertEquals(64 * 1024, GatewayConfig.load(f, Map.of("STOWAGE_INLINE_MAX_SIZE", "64K")).inlineMaxSize());
    assertTrue(assertThrows(ConfigException.class, () -> GatewayConfig.load(f, Map.of("STOWAGE_INLINE_MAX_SIZE", "2M")))
        .getMessage().contains("inline_max_size"));
  }

  @Test
  void bucketCacheTtlDefaultsToTwoSecondsAndZeroTurnsItOff() throws Exception {
    Path f = Files.writeString(dir.resolve("b.conf"), "tracker_server = 127.0.0.1:1\ncluster_secret = x\n");
    assertEquals(java.time.Duration.ofSeconds(2), GatewayConfig.load(f, Map.of()).bucketCacheTtl());
    assertEquals(java.time.Duration.ZERO, GatewayConfig.load(f, Map.of("STOWAGE_BUCKET_CACHE_TTL", "0")).bucketCacheTtl());
    assertTrue(assertThrows(ConfigException.class, () -> GatewayConfig.load(f, Map.of("STOWAGE_BUCKET_CACHE_TTL", "61")))
        .getMessage().contains("bucket_cache_ttl"));
  }
}
