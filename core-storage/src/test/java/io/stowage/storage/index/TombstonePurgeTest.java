package io.stowage.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.storage.replication.GroupMembers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KeyIndex's whole-index scan and conditional delete, and the purge built on them. */
class TombstonePurgeTest {
  static final long NOW = 10_000_000L;

  @TempDir
  Path dir;
  Vertx vertx;
  KeyIndex index;

  @BeforeEach
  void open() throws Exception {
    vertx = Vertx.vertx();
    index = await(KeyIndex.open(vertx, dir.resolve("idx")));
  }

  @AfterEach
  void close() throws Exception {
    await(index.close());
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static long hlcAt(long ms) {
    return ms << 16;
  }

  private void tombstone(String bucket, String key, long ms) throws Exception {
    await(index.put(bucket, b(key), IndexValue.tombstone(hlcAt(ms), 7).encode()));
  }

  private void live(String bucket, String key, long ms) throws Exception {
    await(index.put(bucket, b(key), IndexValue.live(hlcAt(ms), 7, b("{\"size\":1}")).encode()));
  }

  @Test
  void scanAllWalksEveryBucketInPagesAndDeleteIfEqualsKeepsAChangedValue() throws Exception {
    live("a", "k1", 1);
    live("a", "k2", 1);
    live("b", "k1", 1);
    List<String> seen = new ArrayList<>();
    byte[] after = null;
    while (true) {
      List<KeyIndex.RawEntry> page = await(index.scanAll(after, 2, 1 << 20));
      if (page.isEmpty()) {
        break;
      }
      page.forEach(e -> seen.add(e.bucket() + "/" + new String(e.key(), UTF_8)));
      after = KeyIndex.position(page.get(page.size() - 1));
    }
    assertEquals(List.of("a/k1", "a/k2", "b/k1"), seen);
    assertEquals(1, await(index.scanAll(null, 10, 1)).size(), "a byte budget shortens the page, to one entry at least");

    byte[] old = await(index.get("a", b("k1")));
    live("a", "k1", 2);
    assertFalse(await(index.deleteIfEquals("a", b("k1"), old)), "the value changed: kept");
    assertNotNull(await(index.get("a", b("k1"))));
    byte[] now = await(index.get("a", b("k1")));
    assertTrue(await(index.deleteIfEquals("a", b("k1"), now)));
    assertNull(await(index.get("a", b("k1"))));
  }

  @Test
  void purgesOnlyTombstonesOlderThanTheGraceWhileTheGroupIsInSync() throws Exception {
    tombstone("a", "old", NOW - 120_000);
    tombstone("a", "young", NOW - 1_000);
    live("a", "live", NOW - 500_000);
    tombstone("b", "old", NOW - 61_000);
    AtomicBoolean inSync = new AtomicBoolean(false);
    TombstonePurge purge = new TombstonePurge(index, Duration.ofSeconds(60), inSync::get, () -> NOW);

    assertEquals(0, await(purge.runPass()), "a member out of sync may still need them");
    assertNotNull(await(index.get("a", b("old"))));

    inSync.set(true);
    assertEquals(2, await(purge.runPass()));
    assertNull(await(index.get("a", b("old"))));
    assertNull(await(index.get("b", b("old"))));
    assertArrayEquals(IndexValue.tombstone(hlcAt(NOW - 1_000), 7).encode(), await(index.get("a", b("young"))), "within the grace: kept");
    assertNotNull(await(index.get("a", b("live"))));
    assertEquals(2, purge.purged());
    assertEquals(0, await(purge.runPass()), "nothing left to purge");
  }

  @Test
  void aPassCoversMoreThanOnePage() throws Exception {
    int n = TombstonePurge.PAGE + 5;
    for (int i = 0; i < n; i++) {
      tombstone("a", String.format("k%05d", i), NOW - 600_000);
    }
    TombstonePurge purge = new TombstonePurge(index, Duration.ofSeconds(60), () -> true, () -> NOW);
    assertEquals(n, await(purge.runPass()));
    assertEquals(List.of(), await(index.scanAll(null, 10, 1 << 20)));
  }

  @Test
  void graceIsConfigurableAndDefaultsToAnHour() {
    java.util.Map<String, String> m = new java.util.HashMap<>(java.util.Map.of("base_path", dir.toString(), "server_id", "100001",
        "cluster_secret", "s", "tracker_server", "127.0.0.1:22122"));
    assertEquals(Duration.ofHours(1), io.stowage.storage.StorageConfig.of(m).tombstoneGrace());
    m.put("tombstone_grace", "90");
    assertEquals(Duration.ofSeconds(90), io.stowage.storage.StorageConfig.of(m).tombstoneGrace());
    m.put("tombstone_grace", "0");
    org.junit.jupiter.api.Assertions.assertThrows(io.stowage.common.config.ConfigException.class,
        () -> io.stowage.storage.StorageConfig.of(m));
  }

  @Test
  void theGroupIsInSyncOnlyWhenEveryMemberIsActiveInAFreshView() {
    GroupMembers.Member a = new GroupMembers.Member(1, "h", 1, ServerStatus.ACTIVE);
    GroupMembers.Member b = new GroupMembers.Member(2, "h", 2, ServerStatus.ACTIVE);
    GroupMembers.Member off = new GroupMembers.Member(2, "h", 2, ServerStatus.OFFLINE);
    GroupMembers all = new GroupMembers(ServerStatus.ACTIVE, List.of(a, b), 1);
    assertTrue(TombstonePurge.groupInSync(all, 1000, 2000, 5000));
    assertFalse(TombstonePurge.groupInSync(all, 1000, 9000, 5000), "a stale view may miss a member that fell out");
    assertFalse(TombstonePurge.groupInSync(all, 0, 100, 5000), "no tracker answer yet");
    assertFalse(TombstonePurge.groupInSync(new GroupMembers(ServerStatus.ACTIVE, List.of(a, off), 1), 1000, 2000, 5000));
    assertFalse(TombstonePurge.groupInSync(new GroupMembers(ServerStatus.SYNCING, List.of(a, b), 1), 1000, 2000, 5000));
  }
}
