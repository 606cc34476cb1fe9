package io.stowage.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.FdfsConnection;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.stowage.common.config.NetworkAcl;
import io.stowage.tracker.server.StatLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.csource.fastdfs.StorageServer;
import org.csource.fastdfs.StructGroupStat;
import org.csource.fastdfs.StructStorageStat;
import org.csource.fastdfs.TrackerClient;
import org.csource.fastdfs.TrackerGroup;
import org.csource.fastdfs.TrackerServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real tracker (Raft + socket) on port 0 in a temp dir, driven with raw FastDFS frames. */
class TrackerNodeTest {
  static final String SECRET = "test-secret";

  @TempDir
  Path dir;
  Vertx vertx;
  NetClient net;
  TrackerNode node;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    net = vertx.createNetClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (node != null) {
      await(node.stop());
    }
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  TrackerNode start(TrackerConfig cfg) throws Exception {
    node = await(TrackerNode.start(vertx, cfg));
    return node;
  }

  FdfsConnection internal() throws Exception {
    return await(FdfsConnection.connect(net, node.address(), SECRET));
  }

  FdfsConnection client() throws Exception {
    return await(FdfsConnection.connect(net, node.address(), null));
  }

  static JsonObject storage(int id, String group, String host, int port, long... freeMb) {
    JsonArray paths = new JsonArray();
    for (int i = 0; i < freeMb.length; i++) {
      paths.add(new JsonObject().put("index", i).put("totalMb", 10_000).put("freeMb", freeMb[i]));
    }
    return new JsonObject().put("group", group).put("serverId", id).put("host", host).put("port", port)
        .put("storePaths", paths).put("version", "0.1.0");
  }

  static JsonObject call(FdfsConnection c, byte cmd, JsonObject body) throws Exception {
    return new JsonObject(await(c.call(cmd, Buffer.buffer(body.encode()), 1 << 20)).body());
  }

  static Buffer call(FdfsConnection c, byte cmd, Buffer body) throws Exception {
    return await(c.call(cmd, body, 1 << 20)).body();
  }

  static Buffer group(String g) {
    return Wire.appendFixed(Buffer.buffer(), g, Wire.GROUP_NAME_LEN);
  }

  static ErrorCode status(Exception e) {
    return ((ProtoException) e).code();
  }

  /** Joins storages 1, 2 (group1, 500 MB free on the fuller one) and 3 (group2, 8000 MB free). */
  void joinThree() throws Exception {
    FdfsConnection c = internal();
    assertEquals("ACTIVE", call(c, Commands.STORAGE_JOIN, storage(1, "group1", "127.0.0.11", 23001, 9000, 500)).getString("status"));
    // a new member of a group with an ACTIVE member copies it first, then reports SYNC_DONE
    JsonObject joined = call(c, Commands.STORAGE_JOIN, storage(2, "group1", "127.0.0.12", 23002, 9000, 9000));
    assertEquals("WAIT_SYNC", joined.getString("status"));
    assertEquals(2, joined.getJsonArray("members").size());
    assertEquals(1, joined.getInteger("minWriteReplicas"));
    assertEquals("ACTIVE", call(c, Commands.SYNC_DONE, new JsonObject().put("serverId", 2)).getString("status"));
    assertEquals("ACTIVE", call(c, Commands.STORAGE_JOIN, storage(3, "group2", "127.0.0.13", 23003, 8000)).getString("status"));
    c.close();
  }

  @Test
  void joinedStoragesAreServedToFastdfsQueriesWithExactLayouts() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET));
    joinThree();
    FdfsConnection c = client();

    // 101: load_balance -> group1 (its fuller member still has 9500 MB over two paths) vs group2 (8000 MB)
    Buffer store = call(c, Commands.QUERY_STORE_WITHOUT_GROUP_ONE, Buffer.buffer());
    assertEquals(40, store.length());
    assertEquals("group1", Wire.readFixed(store, 0, 16));
    String ip = Wire.readFixed(store, 16, 15);
    assertTrue(List.of("127.0.0.11", "127.0.0.12").contains(ip), ip);
    assertEquals(ip.endsWith("11") ? 23001 : 23002, store.getLong(31));
    assertTrue(store.getByte(39) == 0 || store.getByte(39) == 1);

    // 104: named group
    Buffer g2 = call(c, Commands.QUERY_STORE_WITH_GROUP_ONE, group("group2"));
    assertEquals(40, g2.length());
    assertEquals("group2", Wire.readFixed(g2, 0, 16));
    assertEquals("127.0.0.13", Wire.readFixed(g2, 16, 15));
    assertEquals(23003, g2.getLong(31));
    assertEquals(0, g2.getByte(39));

    // 107: all writable servers of group1: group 16 + 2 x 23 + index 1
    Buffer all = call(c, Commands.QUERY_STORE_WITH_GROUP_ALL, group("group1"));
    assertEquals(16 + 2 * 23 + 1, all.length());
    assertEquals(List.of("127.0.0.11", "127.0.0.12"),
        List.of(Wire.readFixed(all, 16, 15), Wire.readFixed(all, 39, 15)).stream().sorted().toList());
    assertEquals(16 + 2 * 23 + 1, call(c, Commands.QUERY_STORE_WITHOUT_GROUP_ALL, Buffer.buffer()).length());

    // 104 on an unknown group: ENOENT with an empty body, connection still usable
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> call(c, Commands.QUERY_STORE_WITH_GROUP_ONE, group("nope")))));

    // 102 / 103 / 105 for a file created by server 2
    String name = GeneratedName.forFile(2, System.currentTimeMillis() / 1000, 1234, 0xCAFE, "jpg").encode();
    Buffer fileReq = group("group1").appendString("M00/00/2A/" + name);
    Buffer fetch = call(c, Commands.QUERY_FETCH_ONE, fileReq);
    assertEquals(39, fetch.length());
    assertEquals("group1", Wire.readFixed(fetch, 0, 16));
    Buffer update = call(c, Commands.QUERY_UPDATE, fileReq);
    assertEquals(39, update.length());
    assertEquals("127.0.0.12", Wire.readFixed(update, 16, 15), "updates go to the source server");
    assertEquals(23002, update.getLong(31));
    Buffer fetchAll = call(c, Commands.QUERY_FETCH_ALL, fileReq);
    assertEquals(39 + 23, fetchAll.length());
    assertEquals(List.of("127.0.0.11", "127.0.0.12"),
        List.of(Wire.readFixed(fetchAll, 16, 15), Wire.readFixed(fetchAll, 39, 15)).stream().sorted().toList());
    assertEquals(ErrorCode.EINVAL, status(assertThrows(ProtoException.class,
        () -> call(c, Commands.QUERY_FETCH_ONE, group("group1").appendString("M00/00/2A/../../etc/passwd")))));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class,
        () -> call(c, Commands.QUERY_FETCH_ONE, group("group9").appendString("M00/00/2A/" + name)))));

    // 91: V5 group records, 105 bytes each, in name order
    Buffer groups = call(c, Commands.SERVER_LIST_ALL_GROUPS, Buffer.buffer());
    assertEquals(2 * 105, groups.length());
    assertEquals("group1", Wire.readFixed(groups, 0, 17));
    assertEquals(2, groups.getLong(17 + 3 * 8), "storage_count");
    assertEquals(9500, groups.getLong(17 + 8), "free_mb = the fuller member's");
    assertEquals(2, groups.getLong(17 + 6 * 8), "active_count");
    assertEquals("group2", Wire.readFixed(groups, 105, 17));
    // 90: one record
    Buffer one = call(c, Commands.SERVER_LIST_ONE_GROUP, group("group2"));
    assertEquals(105, one.length());
    assertEquals(8000, one.getLong(17 + 8));
    // 92: storage records, 612 bytes each
    Buffer storages = call(c, Commands.SERVER_LIST_STORAGE, group("group1"));
    assertEquals(2 * 612, storages.length());
    assertEquals(ServerStatus.ACTIVE.code(), storages.getByte(0));
    assertEquals("1", Wire.readFixed(storages, 1, 16));
    assertEquals("127.0.0.11", Wire.readFixed(storages, 17, 16));
    Buffer only = call(c, Commands.SERVER_LIST_STORAGE, group("group1").appendBuffer(Wire.appendFixed(Buffer.buffer(), "2", 16)));
    assertEquals(612, only.length());
    assertEquals("127.0.0.12", Wire.readFixed(only, 17, 16));
    c.close();
  }

  @Test
  void officialJavaClientListsAndQueriesTheTracker() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET));
    joinThree();
    TrackerClient tc = new TrackerClient(new TrackerGroup(new InetSocketAddress[] {new InetSocketAddress("127.0.0.1", node.port())}));
    TrackerServer ts = tc.getConnection();
    try {
      StructGroupStat[] groups = tc.listGroups(ts);
      assertEquals(2, groups.length, "listGroups decodes our records (null would mean a size mismatch)");
      assertEquals("group1", groups[0].getGroupName());
      assertEquals(2, groups[0].getActiveCount());
      StructStorageStat[] storages = tc.listStorages(ts, "group1");
      assertEquals(2, storages.length);
      assertEquals("127.0.0.11", storages[0].getIpAddr());
      assertEquals(23001, storages[0].getStoragePort());
      assertEquals(9500, storages[0].getFreeMB());
      // the 1.27 client connects to the storage it is given at once: give it a socket that listens
      try (ServerSocket live = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        FdfsConnection in = internal();
        call(in, Commands.STORAGE_JOIN, storage(7, "live", "127.0.0.1", live.getLocalPort(), 5000));
        in.close();
        StorageServer s = tc.getStoreStorage(ts, "live");
        assertEquals(live.getLocalPort(), s.getInetSocketAddress().getPort());
        assertEquals(0, s.getStorePathIndex());
        s.close();
        String name = GeneratedName.forFile(7, System.currentTimeMillis() / 1000, 10, 0, "txt").encode();
        StorageServer f = tc.getFetchStorage(ts, "live", "M00/00/00/" + name);
        assertEquals(live.getLocalPort(), f.getInetSocketAddress().getPort());
        f.close();
        assertEquals(3, tc.listGroups(ts).length);
      }
    } finally {
      ts.close();
    }
  }

  @Test
  void v6LayoutIsConfigurable() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET).withStatLayout(StatLayout.V6));
    joinThree();
    FdfsConnection c = client();
    assertEquals(2 * 113, call(c, Commands.SERVER_LIST_ALL_GROUPS, Buffer.buffer()).length());
    assertEquals(487, call(c, Commands.SERVER_LIST_STORAGE, group("group2")).length());
    c.close();
  }

  @Test
  void internalCommandsNeedTheSecretAndClientCommandsAnAllowedNetwork() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET).withClientNetworks(NetworkAcl.parse("client_networks", "10.0.0.0/8")));
    ProtoException wrong = assertThrows(ProtoException.class, () -> await(FdfsConnection.connect(net, node.address(), "not-it")));
    assertEquals(ErrorCode.EACCES, wrong.code());
    FdfsConnection plain = client();
    assertEquals(ErrorCode.EACCES, status(assertThrows(ProtoException.class,
        () -> call(plain, Commands.STORAGE_JOIN, storage(1, "group1", "127.0.0.11", 23001, 100)))));
    // loopback is outside 10.0.0.0/8 here, so FastDFS client commands are refused too
    assertEquals(ErrorCode.EACCES, status(assertThrows(ProtoException.class,
        () -> call(plain, Commands.QUERY_STORE_WITHOUT_GROUP_ONE, Buffer.buffer()))));
    // ACTIVE_TEST is always allowed
    assertEquals(0, call(plain, Commands.ACTIVE_TEST, Buffer.buffer()).length());
    plain.close();
    assertTrue(node.clusterState().servers().isEmpty(), "nothing joined without the secret");
  }

  @Test
  void noWritableServerIsEnospcAndClusterStateListsServers() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET));
    FdfsConnection c = client();
    assertEquals(ErrorCode.ENOSPC, status(assertThrows(ProtoException.class, () -> call(c, Commands.QUERY_STORE_WITHOUT_GROUP_ONE, Buffer.buffer()))));
    FdfsConnection in = internal();
    // 10 MB free of 10000 is under the 1% reserve
    call(in, Commands.STORAGE_JOIN, storage(5, "full", "127.0.0.15", 23005, 10));
    assertEquals(ErrorCode.ENOSPC, status(assertThrows(ProtoException.class, () -> call(c, Commands.QUERY_STORE_WITH_GROUP_ONE, group("full")))));
    JsonObject state = call(in, Commands.CLUSTER_STATE, new JsonObject());
    assertEquals("127.0.0.1:" + node.port(), state.getString("leader"));
    JsonObject s = state.getJsonArray("groups").getJsonObject(0).getJsonArray("servers").getJsonObject(0);
    assertEquals(5, s.getInteger("serverId"));
    assertEquals("ACTIVE", s.getString("status"));
    assertEquals(10, s.getJsonArray("storePaths").getJsonObject(0).getLong("freeMb"));
    assertTrue(s.getLong("lastBeatMs") > 0);
    // a beat from an unknown server must join first
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> call(in, Commands.STORAGE_BEAT, storage(6, "full", "127.0.0.16", 23006, 10)))));
    c.close();
    in.close();
  }

  @Test
  void silentServerGoesOfflineAndABeatBringsItBack() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET).withHeartbeatTimeout(Duration.ofMillis(600)));
    FdfsConnection in = internal();
    call(in, Commands.STORAGE_JOIN, storage(1, "group1", "127.0.0.11", 23001, 5000));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> node.clusterState().server(1).orElseThrow().status() == ServerStatus.OFFLINE);
    FdfsConnection c = client();
    assertEquals(ErrorCode.ENOSPC, status(assertThrows(ProtoException.class, () -> call(c, Commands.QUERY_STORE_WITHOUT_GROUP_ONE, Buffer.buffer()))));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> call(c, Commands.QUERY_FETCH_ONE,
        group("group1").appendString("M00/00/00/" + GeneratedName.forFile(1, 1, 1, 1, "").encode())))));
    assertEquals("ACTIVE", call(in, Commands.STORAGE_BEAT, storage(1, "group1", "127.0.0.11", 23001, 5000)).getString("status"));
    assertEquals(ServerStatus.ACTIVE, node.clusterState().server(1).orElseThrow().status());
    assertEquals(40, call(c, Commands.QUERY_STORE_WITHOUT_GROUP_ONE, Buffer.buffer()).length());
    c.close();
    in.close();
  }

  @Test
  void restartOnTheSameDirectoryKeepsGroupsServersBucketsAndCredentials() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET));
    joinThree();
    FdfsConnection in = internal();
    call(in, Commands.STORAGE_JOIN, storage(4, "group2", "127.0.0.14", 23004, 8000));
    in.close();
    assertEquals("group1", await(node.createBucket("photos", "AK1")).homeGroup(), "load_balance: group1 has the most free space (9500 vs 8000 MB)");
    await(node.putBucket("logs", "group1", "AK1"));
    await(node.putCredential("AK1", "sk1", List.of("admin")));
    assertEquals(ErrorCode.EEXIST, status(assertThrows(ProtoException.class, () -> await(node.putBucket("logs", "group2", "AK2")))));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> await(node.deleteBucket("nope")))));
    long snapshotIndex = await(node.takeSnapshot());
    assertTrue(snapshotIndex > 0);
    try (var files = java.nio.file.Files.walk(dir.resolve("raft"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("snapshot\\.\\d+_" + snapshotIndex)), "snapshot file written");
    }
    // after the snapshot: these come back from the log replayed on top of it
    await(node.deleteBucket("logs"));
    await(node.submit(io.stowage.tracker.cluster.ClusterCommands.setStatus(4, ServerStatus.OFFLINE, List.of())));
    await(node.stop());
    node = null;

    start(TrackerConfig.embedded(dir, 0, SECRET));
    var state = node.clusterState();
    assertEquals(List.of("group1", "group2"), List.copyOf(state.groups().keySet()));
    assertEquals(List.of(1, 2, 3, 4), List.copyOf(state.servers().keySet()));
    assertEquals("127.0.0.12", state.server(2).orElseThrow().host());
    assertEquals(ServerStatus.OFFLINE, state.server(4).orElseThrow().status());
    assertEquals("group1", node.bucket("photos").orElseThrow().homeGroup());
    assertTrue(node.bucket("logs").isEmpty());
    assertEquals("sk1", node.credential("AK1").orElseThrow().secretKey());
    // and the restarted tracker accepts new commands and serves the restored groups
    await(node.putBucket("more", "group1", "AK1"));
    FdfsConnection c = client();
    assertEquals(2 * 105, call(c, Commands.SERVER_LIST_ALL_GROUPS, Buffer.buffer()).length());
    c.close();
  }

  /** Runs {@code work} on a Vert.x context (the client pool is per-context) and waits for it. */
  <T> T onContext(java.util.function.Supplier<Future<T>> work) throws Exception {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(p));
    return await(p.future());
  }

  @Test
  void gatewayClientsManageBucketsAndCredentialsOverTheInternalCommands() throws Exception {
    start(TrackerConfig.embedded(dir, 0, SECRET));
    joinThree();
    io.stowage.common.client.FdfsClientPool pool = new io.stowage.common.client.FdfsClientPool(vertx, SECRET, 2);
    io.stowage.common.client.TrackerClient trackers = new io.stowage.common.client.TrackerClient(pool, List.of(node.address()));
    io.stowage.common.client.ClusterClient cluster = new io.stowage.common.client.ClusterClient(trackers);

    io.stowage.common.client.BucketInfo b = onContext(() -> cluster.createBucket("photos", null, "AK1"));
    assertEquals("group1", b.homeGroup(), "placement chose the group with the most free space");
    assertTrue(b.createdMs() > 0);
    assertEquals("group2", onContext(() -> cluster.createBucket("logs", "group2", "AK1")).homeGroup());
    assertEquals(ErrorCode.EEXIST, status(assertThrows(ProtoException.class, () -> onContext(() -> cluster.createBucket("photos", null, "AK2")))));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> onContext(() -> cluster.createBucket("xyz", "group9", "AK2")))));
    assertEquals("AK1", onContext(() -> cluster.getBucket("photos")).owner());
    assertEquals(List.of("logs", "photos"), onContext(cluster::listBuckets).stream().map(io.stowage.common.client.BucketInfo::name).toList());
    onContext(() -> cluster.deleteBucket("logs"));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> onContext(() -> cluster.getBucket("logs")))));
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> onContext(() -> cluster.deleteBucket("logs")))));

    onContext(() -> cluster.putCredential(new io.stowage.common.client.Credential("AK1", "sk1", false)));
    io.stowage.common.client.Credential c = onContext(() -> cluster.getCredential("AK1"));
    assertEquals("sk1", c.secretKey());
    assertEquals(false, c.enabled());
    assertEquals(ErrorCode.ENOENT, status(assertThrows(ProtoException.class, () -> onContext(() -> cluster.getCredential("nope")))));
    assertEquals("sk1", node.credential("AK1").orElseThrow().secretKey(), "stored through Raft on the tracker");
    String atRest = node.clusterState().credential("AK1").orElseThrow().secretKey();
    assertTrue(atRest.startsWith("sealed:v1:") && !atRest.contains("sk1"), "the replicated state holds the secret sealed: " + atRest);

    io.stowage.common.client.StoreTarget t = onContext(() -> trackers.queryStore("group2"));
    assertEquals(new HostPort("127.0.0.13", 23003), t.server());
    onContext(pool::close);
  }
}
