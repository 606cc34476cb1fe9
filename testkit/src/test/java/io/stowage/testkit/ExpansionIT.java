package io.stowage.testkit;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runtime expansion (a new group while everything runs), server removal (DELETED) and tombstone purge. */
class ExpansionIT {
  private MiniCluster cluster;
  private FdfsClientPool plain;
  private FdfsClientPool internal;
  private TrackerClient trackers;

  private MiniCluster start(MiniCluster.Builder b) {
    cluster = b.storageSetting("sync_interval_ms", "200").storageSetting("replication_timeout", "5").start();
    plain = new FdfsClientPool(cluster.vertx(), null, 4);
    internal = new FdfsClientPool(cluster.vertx(), cluster.secret(), 4);
    trackers = new TrackerClient(internal, cluster.trackerAddresses());
    return cluster;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      await(plain.close());
      await(internal.close());
      cluster.close();
    }
  }

  private HostPort addr(String name) {
    return new HostPort("127.0.0.1", cluster.storage(name).port());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Uploads where the trackers say (QUERY_STORE without group), as a gateway does. */
  private FileId uploadAnywhere(byte[] data) {
    StoreTarget t = await(trackers.queryStore(null));
    return await(new StorageClient(plain).upload(t, "bin", Buffer.buffer(data)));
  }

  /** Downloads from the server the trackers route the file to. */
  private byte[] read(FileId id) {
    HostPort server = await(trackers.queryFetch(id));
    return await(new StorageClient(plain).download(server, id, 0, 0)).getBytes();
  }

  private JsonObject serverState(int serverId) {
    for (Object g : cluster.tracker().clusterStateJson().getJsonArray("groups")) {
      for (Object s : ((JsonObject) g).getJsonArray("servers")) {
        if (((JsonObject) s).getInteger("serverId") == serverId) {
          return (JsonObject) s;
        }
      }
    }
    return null;
  }

  @Test
  void aGroupAddedAtRuntimeTakesNewBucketsAndUploadsWithoutARestart() {
    start(MiniCluster.builder().trackerSetting("store_lookup", "round_robin"));
    // a client made before the group exists, as a running gateway's is
    ClusterClient gatewayView = new ClusterClient(trackers);
    for (int i = 0; i < 3; i++) {
      assertEquals("group1", await(trackers.queryStore(null)).group());
    }

    List<String> added = cluster.addGroup("group2", 2);
    assertTrue(cluster.tracker().clusterState().hasGroup("group2"), "created through Raft by the first join");
    assertEquals(ServerStatus.ACTIVE, cluster.status(added.get(0)));
    assertEquals(ServerStatus.ACTIVE, cluster.status(added.get(1)), "the second member copied the first");

    Map<FileId, byte[]> files = new LinkedHashMap<>();
    Set<String> groups = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      byte[] data = bytes("file " + i);
      FileId id = uploadAnywhere(data);
      files.put(id, data);
      groups.add(id.group());
    }
    assertEquals(Set.of("group1", "group2"), groups, "round robin now alternates over both groups");
    files.forEach((id, data) -> assertArrayEquals(data, read(id)));
    // both members of the new group hold its files (synchronous replication from the start)
    for (FileId id : files.keySet()) {
      if (id.group().equals("group2")) {
        for (String name : added) {
          assertArrayEquals(files.get(id), await(new StorageClient(plain).download(addr(name), id, 0, 0)).getBytes());
        }
      }
    }

    Set<String> homes = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      homes.add(await(gatewayView.createBucket("runtime-" + i, null, "me")).homeGroup());
    }
    assertEquals(Set.of("group1", "group2"), homes, "new buckets are homed on the new group too");
    String onGroup2 = null;
    for (int i = 0; i < 4; i++) {
      if (await(gatewayView.getBucket("runtime-" + i)).homeGroup().equals("group2")) {
        onGroup2 = "runtime-" + i;
      }
    }
    IndexClient idx = new IndexClient(internal);
    await(idx.put(addr(added.get(1)), onGroup2, "k", new JsonObject().put("v", 1)));
    assertEquals(1, await(idx.get(addr(added.get(0)), onGroup2, "k")).getInteger("v"), "the new group's index is replicated");
  }

  @Test
  void deletingAServerIsRefusedWhenUnsafeAndAfterwardsItGetsNoReadsOrWrites() {
    start(MiniCluster.builder().groups(2).serversPerGroup(2).trackerSetting("min_write_replicas_per_group", "group2:2"));
    FileId before = await(new StorageClient(plain).upload(new StoreTarget("group1", addr("g1-1"), 0), "bin",
        Buffer.buffer(bytes("kept"))));

    assertEquals(ErrorCode.EACCES, code(() -> await(new TrackerClient(plain, cluster.trackerAddresses()).deleteStorage("group1", "1"))),
        "an administrator's command: the cluster secret is required");
    assertEquals(ErrorCode.ENOENT, code(() -> await(trackers.deleteStorage("group1", "999"))));
    assertEquals(ErrorCode.ENOENT, code(() -> await(trackers.deleteStorage("group1", Integer.toString(cluster.serverId("g2-1"))))),
        "the server must belong to the group named");
    assertEquals(ErrorCode.EBUSY, code(() -> await(trackers.deleteStorage("group2", Integer.toString(cluster.serverId("g2-1"))))),
        "group2 needs two ACTIVE copies per write");

    int goneId = cluster.serverId("g1-2");
    await(trackers.deleteStorage("group1", Integer.toString(goneId)));
    assertEquals(ServerStatus.DELETED, cluster.status("g1-2"));
    assertEquals("DELETED", serverState(goneId).getString("status"), "CLUSTER_STATE shows it DELETED");
    assertEquals(ErrorCode.EBUSY, code(() -> await(trackers.deleteStorage("group1", Integer.toString(cluster.serverId("g1-1"))))),
        "the last ACTIVE member holds the only in-sync copy");
    await(trackers.deleteStorage("group1", Integer.toString(goneId))); // idempotent

    Awaitility.await("g1-2 learns it was removed").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.storage("g1-2").trackerLink().status() == ServerStatus.DELETED);
    Awaitility.await("g1-1 drops its peer").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.storage("g1-1").members().members().stream().noneMatch(m -> m.serverId() == goneId));
    HostPort gone = addr("g1-2");
    for (int i = 0; i < 6; i++) {
      StoreTarget t = await(trackers.queryStore("group1"));
      assertEquals(addr("g1-1"), t.server(), "no uploads routed to a DELETED server");
      assertEquals(addr("g1-1"), await(trackers.queryFetch(before)), "no reads routed to it");
    }
    assertEquals(ErrorCode.EAGAIN, code(() -> await(new StorageClient(plain).upload(new StoreTarget("group1", gone, 0), "bin",
        Buffer.buffer(bytes("refused")))).group()), "a removed server refuses writes");
    FileId after = uploadTo("group1", bytes("after"));
    assertArrayEquals(bytes("after"), read(after));
    assertEquals(ErrorCode.ENOENT, code(() -> await(new StorageClient(plain).download(gone, after, 0, 0))),
        "writes no longer reach it");

    // restarted with its old data it stays out; emptied, it comes back as a new member and copies the group
    cluster.restartStorage("g1-2");
    Awaitility.await("restarted, still DELETED").atMost(Duration.ofSeconds(30))
        .until(() -> cluster.storage("g1-2").trackerLink().status() == ServerStatus.DELETED);
    assertEquals(ServerStatus.DELETED, cluster.status("g1-2"));
    cluster.wipeStorage("g1-2");
    cluster.restartStorage("g1-2");
    cluster.awaitInSync();
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"));
    assertTrue(cluster.storage("g1-2").replicationHistory().contains(ServerStatus.WAIT_SYNC), "rejoined as a new member");
    assertArrayEquals(bytes("after"), await(new StorageClient(plain).download(addr("g1-2"), after, 0, 0)).getBytes());
    assertArrayEquals(bytes("kept"), await(new StorageClient(plain).download(addr("g1-2"), before, 0, 0)).getBytes());
  }

  @Test
  void anOfflineServerCanBeDeletedAndNoLongerHoldsBackItsGroup() {
    start(MiniCluster.builder().serversPerGroup(2));
    cluster.killStorage("g1-2");
    Awaitility.await("g1-2 OFFLINE").atMost(Duration.ofSeconds(30)).until(() -> cluster.status("g1-2") == ServerStatus.OFFLINE);
    await(trackers.deleteStorage("group1", "127.0.0.1:" + serverState(cluster.serverId("g1-2")).getInteger("port")));
    assertEquals(ServerStatus.DELETED, cluster.status("g1-2"));
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-1"));
    FileId id = uploadTo("group1", bytes("x"));
    assertArrayEquals(bytes("x"), read(id));
  }

  private FileId uploadTo(String group, byte[] data) {
    StoreTarget t = await(trackers.queryStore(group));
    return await(new StorageClient(plain).upload(t, "bin", Buffer.buffer(data)));
  }

  @Test
  void tombstonesArePurgedOnlyOnceEveryMemberHasThem() {
    start(MiniCluster.builder().serversPerGroup(2).storageSetting("tombstone_grace", "2"));
    IndexClient idx = new IndexClient(internal);
    await(idx.put(addr("g1-1"), "tomb-bucket", "gone", new JsonObject().put("v", 1)));
    await(idx.delete(addr("g1-1"), "tomb-bucket", "gone"));
    assertNotNull(raw("g1-2", "tomb-bucket", "gone"), "a tombstone on the peer");
    Awaitility.await("tombstone purged on both members").atMost(Duration.ofSeconds(30))
        .until(() -> raw("g1-1", "tomb-bucket", "gone") == null && raw("g1-2", "tomb-bucket", "gone") == null);
    assertTrue(cluster.storage("g1-1").tombstonePurge().purged() >= 1);
    assertTrue(cluster.storage("g1-2").tombstonePurge().purged() >= 1);

    // a member that misses the delete keeps the others from purging until it has caught up
    await(idx.put(addr("g1-1"), "tomb-bucket", "late", new JsonObject().put("v", 2)));
    assertNotNull(raw("g1-2", "tomb-bucket", "late"));
    cluster.killStorage("g1-2");
    await(idx.delete(addr("g1-1"), "tomb-bucket", "late"));
    Awaitility.await("g1-2 out of sync").atMost(Duration.ofSeconds(30)).until(() -> cluster.status("g1-2") != ServerStatus.ACTIVE);
    Awaitility.await("tombstone kept while g1-2 is out").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
        .until(() -> raw("g1-1", "tomb-bucket", "late") != null);
    cluster.restartStorage("g1-2");
    cluster.awaitInSync();
    assertEquals(ErrorCode.ENOENT, code(() -> await(idx.get(addr("g1-2"), "tomb-bucket", "late"))), "the returning member learned the delete");
    Awaitility.await("purged once all are in sync").atMost(Duration.ofSeconds(30))
        .until(() -> raw("g1-1", "tomb-bucket", "late") == null && raw("g1-2", "tomb-bucket", "late") == null);
    assertEquals(ErrorCode.ENOENT, code(() -> await(idx.get(addr("g1-1"), "tomb-bucket", "late"))));
    assertEquals(0, await(idx.list(addr("g1-2"), "tomb-bucket", null, null, 10)).entries().size());
  }

  /** The raw stored index value (tombstones included), or null. */
  private byte[] raw(String server, String bucket, String key) {
    return await(cluster.storage(server).index().get(bucket, bytes(key)));
  }

  private static ErrorCode code(Runnable r) {
    ProtoException e = assertThrows(ProtoException.class, r::run);
    return e.code();
  }
}
