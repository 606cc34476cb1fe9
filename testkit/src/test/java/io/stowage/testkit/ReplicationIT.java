package io.stowage.testkit;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.SpareFiles;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Synchronous group replication, the in-sync set and catch-up, on real servers and sockets. */
class ReplicationIT {
  private MiniCluster cluster;
  private FdfsClientPool plain;
  private FdfsClientPool internal;

  private MiniCluster start(MiniCluster.Builder b) {
    cluster = b.serversPerGroup(2).storageSetting("sync_interval_ms", "200").storageSetting("replication_timeout", "5").start();
    plain = new FdfsClientPool(cluster.vertx(), null, 4);
    internal = new FdfsClientPool(cluster.vertx(), cluster.secret(), 4);
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

  private FileId upload(String name, byte[] data) {
    return await(new StorageClient(plain).upload(new StoreTarget("group1", addr(name), 0), "bin", Buffer.buffer(data)));
  }

  private byte[] download(String name, FileId id) {
    return await(new StorageClient(plain).download(addr(name), id, 0, 0)).getBytes();
  }

  private static byte[] random(Random r, int max) {
    byte[] b = new byte[1 + r.nextInt(max)];
    r.nextBytes(b);
    return b;
  }

  private void awaitStatus(String name, ServerStatus s) {
    Awaitility.await(name + " " + s).atMost(Duration.ofSeconds(60)).until(() -> cluster.status(name) == s);
  }

  /** ACTIVE on the tracker, and the server itself has heard so. */
  private List<ServerStatus> awaitActive(String name) {
    awaitStatus(name, ServerStatus.ACTIVE);
    Awaitility.await(name + " knows it is ACTIVE").atMost(Duration.ofSeconds(10)).until(() -> {
      List<ServerStatus> h = cluster.storage(name).replicationHistory();
      return !h.isEmpty() && h.get(h.size() - 1) == ServerStatus.ACTIVE;
    });
    return cluster.storage(name).replicationHistory();
  }

  /** Data files (not metadata, temp files, binlog or index) under a storage server's store path. */
  /** A spare file the server made ahead of uploads and has not used. */
  private static boolean isEmptySpare(Path p) {
    return SpareFiles.isSpareName(p) && p.toFile().length() == 0;
  }

  private long dataFiles(String name) throws IOException {
    Path data = cluster.dir().resolve(name).resolve("data");
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(Files::isRegularFile).filter(p -> data.relativize(p).toString().matches("[0-9A-F]{2}/[0-9A-F]{2}/[^/]+"))
          .filter(p -> !p.getFileName().toString().endsWith("-m")).count();
    }
  }

  @Test
  void uploadToOneMemberReadsBackByteIdenticalFromTheOtherAtOnce() {
    start(MiniCluster.builder());
    Random r = new Random(1);
    for (int i = 0; i < 50; i++) {
      byte[] data = random(r, 200_000);
      String to = i % 2 == 0 ? "g1-1" : "g1-2";
      String from = i % 2 == 0 ? "g1-2" : "g1-1";
      FileId id = upload(to, data);
      assertArrayEquals(data, download(from, id), "read-after-write of " + id + " on " + from);
    }
    // metadata and deletes are replicated before the answer too
    FileId id = upload("g1-1", new byte[] {1, 2, 3});
    StorageClient c = new StorageClient(plain);
    await(c.setMetadata(addr("g1-1"), id, Map.of("k", "v"), 'O'));
    assertEquals(Map.of("k", "v"), await(c.getMetadata(addr("g1-2"), id)));
    await(c.delete(addr("g1-2"), id));
    ProtoException e = assertThrows(ProtoException.class, () -> download("g1-1", id));
    assertEquals(ErrorCode.ENOENT, e.code());
  }

  private io.stowage.common.client.Response raw(String server, byte cmd, Buffer body) {
    return await(plain.with(addr(server), c -> c.call(cmd, body, 64 << 20)));
  }

  private static FileId fileId(io.stowage.common.client.Response r) {
    return FileId.parseRemote(io.stowage.common.proto.Wire.readFixed(r.body(), 0, 16), r.body().getString(16, r.body().length()));
  }

  @Test
  void appenderSlaveAndRenameChangesReachTheOtherMemberBeforeTheAnswer() {
    start(MiniCluster.builder());
    Buffer content = Buffer.buffer("hello");
    Buffer up = Buffer.buffer().appendByte((byte) 0).appendLong(content.length());
    io.stowage.common.proto.Wire.appendFixed(up, "txt", 6).appendBuffer(content);
    FileId id = fileId(raw("g1-1", Commands.UPLOAD_APPENDER_FILE, up));
    assertArrayEquals("hello".getBytes(), download("g1-2", id));

    byte[] name = id.remoteFilename().getBytes();
    Buffer append = Buffer.buffer().appendLong(name.length).appendLong(6).appendBytes(name).appendString(" world");
    raw("g1-2", Commands.APPEND_FILE, append); // appends go to any member; here the one that did not create it
    assertArrayEquals("hello world".getBytes(), download("g1-1", id));

    Buffer modify = Buffer.buffer().appendLong(name.length).appendLong(0).appendLong(5).appendBytes(name).appendString("HELLO");
    raw("g1-1", Commands.MODIFY_FILE, modify);
    assertArrayEquals("HELLO world".getBytes(), download("g1-2", id));

    Buffer truncate = Buffer.buffer().appendLong(name.length).appendLong(5).appendBytes(name);
    raw("g1-1", Commands.TRUNCATE_FILE, truncate);
    assertArrayEquals("HELLO".getBytes(), download("g1-2", id));

    FileId renamed = fileId(raw("g1-1", Commands.REGENERATE_APPENDER_FILENAME, Buffer.buffer(name)));
    assertArrayEquals("HELLO".getBytes(), download("g1-2", renamed));
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> download("g1-2", id)).code());

    byte[] master = renamed.remoteFilename().getBytes();
    Buffer slave = Buffer.buffer().appendLong(master.length).appendLong(3);
    io.stowage.common.proto.Wire.appendFixed(slave, "_small", 16);
    io.stowage.common.proto.Wire.appendFixed(slave, "jpg", 6).appendBytes(master).appendString("abc");
    FileId slaveId = fileId(raw("g1-1", Commands.UPLOAD_SLAVE_FILE, slave));
    assertArrayEquals("abc".getBytes(), download("g1-2", slaveId));
  }

  @Test
  void killedMemberLosesNoAcknowledgedUploadAndCatchesUpOnRestart() throws Exception {
    start(MiniCluster.builder());
    Map<FileId, byte[]> acked = new LinkedHashMap<>();
    AtomicInteger failures = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      Random r = new Random(2);
      while (!stop.get()) {
        byte[] data = random(r, 100_000);
        try {
          FileId id = upload("g1-1", data);
          synchronized (acked) {
            acked.put(id, data);
          }
        } catch (RuntimeException e) {
          failures.incrementAndGet();
        }
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> size(acked) >= 20);
    cluster.killStorage("g1-2");
    int atKill = size(acked);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> size(acked) >= atKill + 30);
    stop.set(true);
    writer.get();
    assertEquals(0, failures.get(), "min_write_replicas 1: the survivor goes on alone");
    assertFalse(cluster.status("g1-2") == ServerStatus.ACTIVE, "the dead member left the in-sync set");
    int n = 0;
    for (Map.Entry<FileId, byte[]> e : acked.entrySet()) {
      n++;
      assertArrayEquals(e.getValue(), downloadOrFail("g1-1", e.getKey(),
          "survivor after the kill, acked upload #" + n + " (" + (n <= atKill ? "before" : "after") + " the kill at #" + atKill + ")"),
          "survivor g1-1 content of " + e.getKey());
    }

    cluster.restartStorage("g1-2");
    assertEquals(null, watchInSyncAddress("g1-1", "g1-2"), "g1-1 counted the restarted g1-2 in sync at an address it no longer listens on");
    List<ServerStatus> seen = awaitActive("g1-2");
    assertTrue(seen.indexOf(ServerStatus.SYNCING) >= 0 && seen.indexOf(ServerStatus.SYNCING) < seen.lastIndexOf(ServerStatus.ACTIVE),
        "SYNCING, then ACTIVE: " + seen);
    n = 0;
    for (Map.Entry<FileId, byte[]> e : acked.entrySet()) {
      n++;
      assertArrayEquals(e.getValue(), downloadOrFail("g1-2", e.getKey(), "restarted member once ACTIVE " + seen + ", acked upload #" + n
          + " (" + (n <= atKill ? "before" : "after") + " the kill at #" + atKill + ")"), "caught up " + e.getKey());
    }
    // and it is back in the write path
    cluster.awaitInSync();
    byte[] data = new byte[] {9, 8, 7};
    FileId id = upload("g1-1", data);
    assertArrayEquals(data, downloadOrFail("g1-2", id, "read-after-write on g1-2 right after it rejoined the in-sync set " + seen),
        "g1-2 content of " + id);
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"), "the write right after the rejoin did not take g1-2 out of sync again");
    acked.put(id, data);

    // once it is ACTIVE, lose the other member: everything still reads back from it, and it takes
    // writes alone; the other one then comes back SYNCING and copies what it missed
    cluster.killStorage("g1-1");
    for (Map.Entry<FileId, byte[]> e : acked.entrySet()) {
      assertArrayEquals(e.getValue(), downloadOrFail("g1-2", e.getKey(), "g1-2 alone after g1-1 was killed"), "g1-2 content of " + e.getKey());
    }
    Random r = new Random(4);
    Map<FileId, byte[]> whileAway = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      byte[] b = random(r, 20_000);
      whileAway.put(upload("g1-2", b), b);
    }
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"));
    cluster.restartStorage("g1-1");
    List<ServerStatus> back = awaitActive("g1-1");
    assertTrue(back.contains(ServerStatus.SYNCING), "SYNCING, then ACTIVE: " + back);
    for (Map.Entry<FileId, byte[]> e : whileAway.entrySet()) {
      assertArrayEquals(e.getValue(), downloadOrFail("g1-1", e.getKey(), "g1-1 restarted and ACTIVE " + back + ", written while it was away"),
          "g1-1 content of " + e.getKey());
    }
  }

  /**
   * The member is killed exactly while a replication stream to it is in flight (its temp file exists),
   * with small uploads and its own catch-up tail running around the kill; once the trackers say it is
   * ACTIVE again it must hold every acknowledged upload, the in-flight one included. Three rounds.
   */
  @Test
  void memberKilledMidReplicationStreamHoldsEveryAckedUploadOnceActiveAgain() throws Exception {
    cluster = MiniCluster.builder().serversPerGroup(2).storageSetting("sync_interval_ms", "50").storageSetting("replication_timeout", "5")
        .start();
    plain = new FdfsClientPool(cluster.vertx(), null, 4);
    internal = new FdfsClientPool(cluster.vertx(), cluster.secret(), 4);
    Map<FileId, byte[]> acked = new LinkedHashMap<>();
    Random r = new Random(7);
    for (int round = 1; round <= 3; round++) {
      for (int i = 0; i < 10; i++) {
        byte[] b = random(r, 50_000);
        acked.put(upload("g1-1", b), b);
      }
      byte[] big = new byte[8 << 20];
      r.nextBytes(big);
      AtomicBoolean stop = new AtomicBoolean();
      Map<FileId, byte[]> small = new LinkedHashMap<>();
      Random sr = new Random(round);
      CompletableFuture<Void> smallWriter = CompletableFuture.runAsync(() -> {
        while (!stop.get()) {
          byte[] b = random(sr, 20_000);
          FileId id = upload("g1-1", b);
          synchronized (small) {
            small.put(id, b);
          }
        }
      });
      CompletableFuture<FileId> inFlight = CompletableFuture.supplyAsync(() -> upload("g1-1", big));
      Path tmp = cluster.dir().resolve("g1-2").resolve("data").resolve(".tmp");
      Awaitility.await("round " + round + ": a replication stream in flight to g1-2").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(1)).until(() -> {
            try (Stream<Path> s = Files.list(tmp)) { // with bytes: the empty spares there are no stream
              return s.anyMatch(p -> p.toFile().length() > 0);
            }
          });
      cluster.killStorage("g1-2");
      FileId bigId = inFlight.get();
      acked.put(bigId, big);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> size(small) >= 10);
      stop.set(true);
      smallWriter.get();
      acked.putAll(small);
      assertFalse(cluster.status("g1-2") == ServerStatus.ACTIVE, "round " + round + ": the dead member left the in-sync set");

      cluster.restartStorage("g1-2");
      String stale = watchInSyncAddress("g1-1", "g1-2");
      assertEquals(null, stale, "round " + round + ": g1-1 counted the restarted g1-2 in sync at an address it no longer listens on");
      List<ServerStatus> seen = awaitActive("g1-2");
      int n = 0;
      for (Map.Entry<FileId, byte[]> e : acked.entrySet()) {
        n++;
        assertArrayEquals(e.getValue(), downloadOrFail("g1-2", e.getKey(), "round " + round + ": g1-2 ACTIVE again " + seen
            + ", acked upload #" + n + (e.getKey().equals(bigId) ? " (the one in flight at the kill)" : "")), "g1-2 content of " + e.getKey());
      }
      // back in the write path at once: a write right after the rejoin reaches it (at its new port)
      cluster.awaitInSync();
      byte[] after = random(r, 10_000);
      FileId afterId = upload("g1-1", after);
      assertArrayEquals(after, downloadOrFail("g1-2", afterId, "round " + round + ": read-after-write on g1-2 right after it rejoined"),
          "g1-2 content of " + afterId);
      assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"), "round " + round + ": the first write after the rejoin kept g1-2 in sync");
      acked.put(afterId, after);
    }
  }

  /**
   * Polls {@code writer}'s view of its group (every millisecond) until it counts the restarted
   * {@code member} in sync; returns the first view that counted it in sync at another port than the
   * one it listens on now (writes would go to the dead address), or null.
   */
  private String watchInSyncAddress(String writer, String member) {
    int id = cluster.serverId(member);
    int port = cluster.storage(member).port();
    String[] stale = new String[1];
    Awaitility.await(writer + " counts the restarted " + member + " in sync").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(1)).until(() -> {
          for (io.stowage.storage.replication.GroupMembers.Member m : cluster.storage(writer).members().members()) {
            if (m.serverId() == id && m.status() == ServerStatus.ACTIVE) {
              if (m.port() != port && stale[0] == null) {
                stale[0] = m + " while " + member + " listens on " + port;
              }
              return m.port() == port;
            }
          }
          return false;
        });
    return stale[0];
  }

  /** Downloads {@code id} from {@code name}; a failure names the server, the file and {@code step}. */
  private byte[] downloadOrFail(String name, FileId id, String step) {
    try {
      return download(name, id);
    } catch (RuntimeException e) {
      throw new AssertionError(step + ": download of " + id + " from " + name + " (server " + cluster.serverId(name) + ", port "
          + cluster.storage(name).port() + ", tracker status " + cluster.status(name) + ") failed: " + e, e);
    }
  }

  private static int size(Map<?, ?> m) {
    synchronized (m) {
      return m.size();
    }
  }

  @Test
  void newMemberCopiesFilesMetadataAndIndexThenBecomesActive() throws Exception {
    start(MiniCluster.builder());
    Random r = new Random(3);
    Map<FileId, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      byte[] data = random(r, i < 40 ? 50_000 : 2_000);
      files.put(upload(i % 2 == 0 ? "g1-1" : "g1-2", data), data);
    }
    FileId first = files.keySet().iterator().next();
    StorageClient c = new StorageClient(plain);
    await(c.setMetadata(addr("g1-2"), first, Map.of("color", "blue"), 'O'));
    FileId gone = upload("g1-1", new byte[] {1});
    await(c.delete(addr("g1-1"), gone));
    IndexClient idx = new IndexClient(internal);
    await(idx.put(addr("g1-1"), "bucket-a", "k1", new JsonObject().put("v", 1)));
    await(idx.put(addr("g1-2"), "bucket-a", "k2", new JsonObject().put("v", 2)));
    await(idx.delete(addr("g1-1"), "bucket-a", "k2"));
    byte[] inline = random(r, 3_000);
    await(idx.putReplacing(addr("g1-2"), "bucket-a", "k3", new JsonObject().put("v", 3), inline));

    // a record no replayer can apply (not a generated name): reported and skipped, never a stall
    cluster.storage("g1-1").binlog().appendAndSync(BinlogRecord.now('C', "M00/00/00/not-a-generated-name", null), true);

    String third = cluster.addStorage("group1");
    List<ServerStatus> seen = awaitActive(third);
    assertEquals(List.of(ServerStatus.WAIT_SYNC, ServerStatus.SYNCING, ServerStatus.ACTIVE), seen,
        "FastDFS's WAIT_SYNC -> SYNCING -> ACTIVE");
    for (Map.Entry<FileId, byte[]> e : files.entrySet()) {
      assertArrayEquals(e.getValue(), download(third, e.getKey()));
    }
    assertEquals(Map.of("color", "blue"), await(c.getMetadata(addr(third), first)));
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> download(third, gone)).code());
    assertEquals(1, await(idx.get(addr(third), "bucket-a", "k1")).getInteger("v"));
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> await(idx.get(addr(third), "bucket-a", "k2"))).code());
    assertArrayEquals(inline, await(idx.get(addr(third), "bucket-a", "k3")).getBinary(IndexClient.INLINE_DATA),
        "an inline object's bytes came with its entry (INDEX_FETCH)");
    assertEquals(2, await(idx.list(addr(third), "bucket-a", null, null, 100)).entries().size());
    assertTrue(cluster.storage(third).syncProgress().fetchedCount() > 0, "the new member fetched the index entries it lacked");
    int thirdId = cluster.serverId(third);
    // progress comes with heartbeats: one sent while only g1-1's binlog (over 400 records by
    // itself) had been read can already show the applied count, so wait for both peers in it too
    Awaitility.await("corrupt record reported, both peers' binlogs read").atMost(Duration.ofSeconds(30)).until(() -> {
      JsonObject p = syncProgress(thirdId);
      return p != null && p.getLong("corruptRecords", 0L) >= 1 && p.getLong("appliedRecords", 0L) >= files.size()
          && p.getJsonArray("peers").size() == 2;
    });
  }

  /** A server's {@code syncProgress} in the tracker's CLUSTER_STATE view. */
  private JsonObject syncProgress(int serverId) {
    for (Object g : cluster.tracker().clusterStateJson().getJsonArray("groups")) {
      for (Object s : ((JsonObject) g).getJsonArray("servers")) {
        JsonObject server = (JsonObject) s;
        if (server.getInteger("serverId") == serverId) {
          return server.getJsonObject("syncProgress");
        }
      }
    }
    return null;
  }

  @Test
  void aMemberJoiningUnderWriteLoadHasEveryAcknowledgedWriteTheMomentItIsActive() throws Exception {
    start(MiniCluster.builder());
    FdfsClientPool writerPool = new FdfsClientPool(cluster.vertx(), null, 4);
    StorageClient writerClient = new StorageClient(writerPool);
    Map<FileId, byte[]> acked = new LinkedHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    HostPort[] targets = {addr("g1-1"), addr("g1-2")};
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      Random r = new Random(6);
      for (int i = 0; !stop.get(); i++) {
        byte[] data = random(r, 5_000);
        FileId id = await(writerClient.upload(new StoreTarget("group1", targets[i % 2], 0), "bin", Buffer.buffer(data)));
        synchronized (acked) {
          acked.put(id, data);
        }
      }
    });
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> size(acked) >= 100);
    String third = cluster.addStorage("group1");
    awaitStatus(third, ServerStatus.ACTIVE);
    // no waiting from here: everything acknowledged so far must already be on the new member
    Map<FileId, byte[]> snapshot;
    synchronized (acked) {
      snapshot = new LinkedHashMap<>(acked);
    }
    for (Map.Entry<FileId, byte[]> e : snapshot.entrySet()) {
      assertArrayEquals(e.getValue(), download(third, e.getKey()), "acknowledged before it was ACTIVE: " + e.getKey());
    }
    int seen = snapshot.size();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> size(acked) >= seen + 50);
    stop.set(true);
    writer.get();
    for (Map.Entry<FileId, byte[]> e : acked.entrySet()) {
      assertArrayEquals(e.getValue(), download(third, e.getKey()), "acknowledged while it was ACTIVE: " + e.getKey());
    }
    await(writerPool.close());
  }

  @Test
  void minWriteReplicasTwoWithAMemberDownFailsTheUploadAndLeavesNothing() throws Exception {
    start(MiniCluster.builder().trackerSetting("min_write_replicas", "2"));
    FileId ok = upload("g1-1", new byte[] {1, 2});
    assertArrayEquals(new byte[] {1, 2}, download("g1-2", ok));
    assertEquals(1, dataFiles("g1-1"));
    cluster.killStorage("g1-2");
    for (int i = 0; i < 3; i++) {
      ProtoException e = assertThrows(ProtoException.class, () -> upload("g1-1", new byte[1000]));
      assertEquals(ErrorCode.EAGAIN, e.code());
    }
    assertEquals(1, dataFiles("g1-1"), "a failed upload leaves no file");
    try (Stream<Path> tmp = Files.list(cluster.dir().resolve("g1-1").resolve("data").resolve(".tmp"))) {
      assertEquals(List.of(), tmp.filter(p -> !isEmptySpare(p)).toList(), "no upload's temp file is left");
    }
    assertTrue(cluster.status("g1-2") != ServerStatus.ACTIVE);
  }

  /**
   * A "member" that accepts connections and never reads or answers, like a SIGSTOPped server,
   * joined to group1 as server 999 and reported in sync; closing it drops its sockets.
   */
  private AutoCloseable joinHungMember() throws Exception {
    java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    List<java.net.Socket> held = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          java.net.Socket s = hung.accept();
          s.setReceiveBufferSize(4096);
          held.add(s);
        }
      } catch (IOException e) {
        // closed
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    JsonObject join = new JsonObject().put("group", "group1").put("serverId", 999).put("host", "127.0.0.1")
        .put("port", hung.getLocalPort()).put("storePaths", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("index", 0).put("totalMb", 100_000).put("freeMb", 90_000))).put("version", "hung");
    HostPort tracker = cluster.trackerAddress();
    assertEquals("WAIT_SYNC", await(internal.with(tracker, c -> c.call(Commands.STORAGE_JOIN, join.toBuffer(), 1 << 20)))
        .body().toJsonObject().getString("status"));
    await(internal.with(tracker, c -> c.call(Commands.SYNC_DONE, new JsonObject().put("serverId", 999).toBuffer(), 1 << 20)));
    Awaitility.await("g1-1 sees the hung member in sync").atMost(Duration.ofSeconds(10)).until(() ->
        cluster.storage("g1-1").members().inSyncPeers(cluster.serverId("g1-1")).size() == 2);
    return () -> {
      hung.close();
      acceptor.join(); // an accept racing the close may still add a socket: wait before walking the list
      for (java.net.Socket x : held) {
        x.close();
      }
    };
  }

  @Test
  void aHungPeerIsDroppedWithinTheReplicationTimeoutAndTheWriteCompletes() throws Exception {
    start(MiniCluster.builder().trackerSetting("heartbeat_timeout", "120"));
    try (AutoCloseable hung = joinHungMember()) {
      byte[] big = random(new Random(5), 8 << 20); // more than the socket buffers and the feed queue: the stream stalls
      long t0 = System.nanoTime();
      FileId id = upload("g1-1", big);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("upload past a hung peer took " + ms + " ms");
      assertTrue(ms < 10_000, "the upload completed in " + ms + " ms with replication_timeout 5 s");
      assertEquals(ServerStatus.SYNCING, cluster.tracker().clusterState().server(999).orElseThrow().status(),
          "the hung member was taken out of the in-sync set");
      assertArrayEquals(big, download("g1-2", id), "the healthy peer has it");
      // the next write does not wait for it again
      long t1 = System.nanoTime();
      upload("g1-1", new byte[] {1});
      assertTrue((System.nanoTime() - t1) / 1_000_000 < 2_000);
    }
  }

  @Test
  void aWriteThatLosesACopyAfterItsCreateWasLoggedIsUndoneEverywhereAndLoggedDeleted() throws Exception {
    // three in-sync members, three copies required: the hung one is dropped after the origin logged C
    start(MiniCluster.builder().trackerSetting("heartbeat_timeout", "120").trackerSetting("min_write_replicas", "3"));
    try (AutoCloseable hung = joinHungMember()) {
      ProtoException e = assertThrows(ProtoException.class, () -> upload("g1-1", new byte[] {1, 2, 3}));
      assertEquals(ErrorCode.EAGAIN, e.code());
    }
    assertEquals(0, dataFiles("g1-1"), "the origin removed its file");
    Awaitility.await("the healthy peer dropped its copy").atMost(Duration.ofSeconds(10)).until(() -> dataFiles("g1-2") == 0);
    List<BinlogRecord> origin = cluster.storage("g1-1").binlog().read(0, 1000).stream().map(x -> x.record())
        .filter(r -> !r.indexOp()).toList();
    assertEquals(2, origin.size(), "C then D: " + origin);
    assertEquals(BinlogRecord.CREATE, origin.get(0).op());
    assertEquals(BinlogRecord.DELETE, origin.get(1).op());
    assertEquals(origin.get(0).filename(), origin.get(1).filename());
  }

  @Test
  void indexEntriesAreReplicatedAndLastWriterWins() {
    start(MiniCluster.builder());
    IndexClient idx = new IndexClient(internal);
    await(idx.put(addr("g1-1"), "bucket-b", "key", new JsonObject().put("v", "one")));
    assertEquals("one", await(idx.get(addr("g1-2"), "bucket-b", "key")).getString("v"));
    await(idx.put(addr("g1-2"), "bucket-b", "key", new JsonObject().put("v", "two")));
    assertEquals("two", await(idx.get(addr("g1-1"), "bucket-b", "key")).getString("v"));
    assertEquals(new JsonObject().put("v", "two"), await(idx.get(addr("g1-1"), "bucket-b", "key")), "the clock is not shown");
    byte[] inline = {'{', 0, (byte) 0xff, '"', '}'};
    await(idx.putReplacing(addr("g1-1"), "bucket-b", "small", new JsonObject(), inline));
    assertArrayEquals(inline, await(idx.get(addr("g1-2"), "bucket-b", "small")).getBinary(IndexClient.INLINE_DATA),
        "an inline object's bytes reach the peer with its entry (REPLICA_INDEX)");

    // an older write arriving late loses; a newer one wins
    JsonObject stale = new JsonObject().put("bucket", "bucket-b").put("key", "key").put("hlc", 1L).put("node", 999)
        .put("deleted", false).put("entry", new JsonObject().put("v", "stale"));
    JsonObject answer = await(internal.with(addr("g1-1"), c -> c.call(Commands.REPLICA_INDEX, stale.toBuffer(), 1 << 20)))
        .body().toJsonObject();
    assertFalse(answer.getBoolean("applied"));
    assertEquals("two", await(idx.get(addr("g1-1"), "bucket-b", "key")).getString("v"));
    JsonObject late = stale.copy().put("hlc", Long.MAX_VALUE / 2).put("entry", new JsonObject().put("v", "future"));
    assertTrue(await(internal.with(addr("g1-2"), c -> c.call(Commands.REPLICA_INDEX, late.toBuffer(), 1 << 20))).body()
        .toJsonObject().getBoolean("applied"));
    assertEquals("future", await(idx.get(addr("g1-2"), "bucket-b", "key")).getString("v"));

    // deletes are tombstones on every member: hidden from GET, LIST and COUNT
    await(idx.put(addr("g1-1"), "bucket-c", "x", new JsonObject()));
    assertTrue(await(idx.delete(addr("g1-2"), "bucket-c", "x")));
    for (String s : List.of("g1-1", "g1-2")) {
      assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> await(idx.get(addr(s), "bucket-c", "x"))).code());
      assertTrue(await(idx.list(addr(s), "bucket-c", null, null, 10)).entries().isEmpty());
      assertTrue(await(idx.isEmpty(addr(s), "bucket-c")));
    }
    assertFalse(await(idx.delete(addr("g1-1"), "bucket-c", "x")), "deleting a tombstone finds nothing");
    // a put older than the tombstone cannot bring the key back
    JsonObject resurrect = stale.copy().put("bucket", "bucket-c").put("key", "x").put("hlc", 5L);
    assertFalse(await(internal.with(addr("g1-1"), c -> c.call(Commands.REPLICA_INDEX, resurrect.toBuffer(), 1 << 20))).body()
        .toJsonObject().getBoolean("applied"));

    // concurrent writes to one key on both members converge (and neither takes the other out of sync)
    FdfsClientPool second = new FdfsClientPool(cluster.vertx(), cluster.secret(), 4);
    IndexClient idx2 = new IndexClient(second);
    for (int i = 0; i < 20; i++) {
      var a = idx.put(addr("g1-1"), "bucket-d", "k", new JsonObject().put("from", "g1-1").put("i", i));
      var b = idx2.put(addr("g1-2"), "bucket-d", "k", new JsonObject().put("from", "g1-2").put("i", i));
      await(a);
      await(b);
    }
    await(second.close());
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-1"));
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"));
    assertEquals(await(idx.get(addr("g1-1"), "bucket-d", "k")), await(idx.get(addr("g1-2"), "bucket-d", "k")));
  }

  @Test
  void anInSyncMemberTailingItsPeersBinlogFetchesNoIndexEntryItAlreadyHas() {
    start(MiniCluster.builder());
    IndexClient idx = new IndexClient(internal);
    for (int i = 0; i < 40; i++) {
      await(idx.put(addr("g1-1"), "bucket-t", "k" + i, new JsonObject().put("i", i)));
    }
    for (int i = 0; i < 10; i++) {
      assertTrue(await(idx.delete(addr("g1-1"), "bucket-t", "k" + i)));
    }
    long end = cluster.storage("g1-1").binlog().size();
    int origin = cluster.serverId("g1-1");
    Awaitility.await("g1-2 tails g1-1's binlog to its end").atMost(Duration.ofSeconds(30)).until(() ->
        cluster.storage("g1-2").syncProgress().toJson().getJsonArray("peers").stream().map(JsonObject.class::cast)
            .anyMatch(p -> p.getInteger("serverId") == origin && p.getLong("offset") >= end));
    // every change reached g1-2 before it was answered, and each binlog line names the version it wrote
    assertEquals(0, cluster.storage("g1-2").syncProgress().fetchedCount(), "catch-up fetched entries g1-2 already had");
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-2"));
    assertEquals(30, await(idx.list(addr("g1-2"), "bucket-t", null, null, 100)).entries().size());
  }
}
