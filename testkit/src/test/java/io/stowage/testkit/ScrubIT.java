package io.stowage.testkit;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The background scrub finds copies that no longer match their name and repairs them from an ACTIVE peer. */
class ScrubIT {
  private MiniCluster cluster;
  private FdfsClientPool pool;

  private MiniCluster start(int servers) {
    cluster = MiniCluster.builder().serversPerGroup(servers).storageSetting("sync_interval_ms", "200")
        .storageSetting("scrub_files_per_second", "1000").storageSetting("scrub_pass_interval", "1")
        .storageSetting("replication_timeout", "2").start();
    pool = new FdfsClientPool(cluster.vertx(), null, 2);
    return cluster;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      await(pool.close());
      cluster.close();
    }
  }

  private List<FileId> upload(List<byte[]> data) {
    List<FileId> ids = new ArrayList<>();
    HostPort g11 = new HostPort("127.0.0.1", cluster.storage("g1-1").port());
    for (byte[] d : data) {
      ids.add(await(new StorageClient(pool).upload(new StoreTarget("group1", g11, 0), "bin", Buffer.buffer(d))));
    }
    return ids;
  }

  private static List<byte[]> data(int n) {
    Random r = new Random(3);
    List<byte[]> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[1000 + r.nextInt(100_000)];
      r.nextBytes(b);
      l.add(b);
    }
    return l;
  }

  private JsonObject scrubOf(String name) {
    int id = cluster.serverId(name);
    for (Object g : cluster.tracker().clusterStateJson().getJsonArray("groups")) {
      for (Object s : ((JsonObject) g).getJsonArray("servers")) {
        JsonObject server = (JsonObject) s;
        if (server.getInteger("serverId") == id) {
          return server.getJsonObject("scrub", new JsonObject());
        }
      }
    }
    return new JsonObject();
  }

  @Test
  void corruptAndTruncatedCopiesAreRepairedFromTheActivePeer() throws Exception {
    start(2);
    List<byte[]> data = data(6);
    List<FileId> ids = upload(data);
    Path flipped = cluster.storage("g1-2").store().resolve(ids.get(1));
    Path cut = cluster.storage("g1-2").store().resolve(ids.get(4));
    try (RandomAccessFile f = new RandomAccessFile(flipped.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x5a); // same size, different CRC32
    }
    try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
      f.setLength(f.length() / 3);
    }

    Awaitility.await("scrub repairs both copies").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> java.util.Arrays.equals(Files.readAllBytes(flipped), data.get(1))
            && java.util.Arrays.equals(Files.readAllBytes(cut), data.get(4)));
    for (int i = 0; i < ids.size(); i++) {
      assertArrayEquals(data.get(i), Files.readAllBytes(cluster.storage("g1-2").store().resolve(ids.get(i))));
      assertArrayEquals(data.get(i), Files.readAllBytes(cluster.storage("g1-1").store().resolve(ids.get(i))));
    }
    // the counts reach CLUSTER_STATE with the next beats
    Awaitility.await("scrub counts in CLUSTER_STATE").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
        .until(() -> scrubOf("g1-2").getLong("repaired", 0L) == 2 && scrubOf("g1-1").getLong("checked", 0L) >= ids.size());
    JsonObject s = scrubOf("g1-2");
    assertEquals(2, s.getLong("bad"), s.encode());
    assertEquals(0, s.getLong("underReplicated"), s.encode());
    assertEquals(0, scrubOf("g1-1").getLong("bad"), scrubOf("g1-1").encode());
  }

  @Test
  void aMissingReplicaIsCopiedBackButADeletedFileIsNotResurrected() throws Exception {
    start(2);
    List<byte[]> data = data(4);
    List<FileId> ids = upload(data);
    // let g1-2's catch-up replay g1-1's create records first (it would copy a missing file back itself)
    Awaitility.await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    Path lost = cluster.storage("g1-2").store().resolve(ids.get(2));
    Files.delete(lost);
    // a real delete (replicated to both members) must stay deleted whatever the scrub sees meanwhile
    HostPort g11 = new HostPort("127.0.0.1", cluster.storage("g1-1").port());
    await(new StorageClient(pool).delete(g11, ids.get(3)));

    Awaitility.await("the member missing a copy gets it back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> Files.exists(lost) && java.util.Arrays.equals(Files.readAllBytes(lost), data.get(2)));
    Awaitility.await("counted").atMost(Duration.ofSeconds(5))
        .until(() -> cluster.storage("g1-1").scrub().toJson().getLong("repairedPeers") >= 1);
    // well past the confirmation delay (replication_timeout 2 s + 2 heartbeats): still deleted everywhere
    Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(7)).until(() -> true);
    for (String name : List.of("g1-1", "g1-2")) {
      assertTrue(!Files.exists(cluster.storage(name).store().resolve(ids.get(3))), "deleted file came back on " + name);
    }
  }

  @Test
  void aBadOnlyCopyIsCountedUnderReplicatedAndLeftInPlace() throws Exception {
    start(1);
    List<byte[]> data = data(2);
    List<FileId> ids = upload(data);
    Path bad = cluster.storage("g1-1").store().resolve(ids.get(0));
    try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
      f.seek(0);
      int b = f.read();
      f.seek(0);
      f.write(b ^ 0xff);
    }
    Awaitility.await("the only copy is found bad").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.storage("g1-1").scrub().toJson().getLong("underReplicated") >= 1);
    JsonObject counts = cluster.storage("g1-1").scrub().toJson();
    assertEquals(1, counts.getLong("bad"), counts.encode());
    assertEquals(0, counts.getLong("repaired"), counts.encode());
    assertTrue(Files.exists(bad), "a bad only copy is kept (it may still be partly readable)");
  }
}
