package io.stowage.storage.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.binlog.Binlog;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.replication.Membership;
import io.stowage.storage.replication.Replicator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-process uploads against a real storage context (file store, binlog, replicator without
 * peers), the body coming from another event loop than the storage server's.
 */
class LocalUploadTest {
  @TempDir
  Path dir;
  Vertx vertx;
  WorkerExecutor io;
  FileStore store;
  Binlog binlog;
  StorageContext ctx;
  Context storageCtx;
  Context callerCtx;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    StorageConfig cfg = StorageConfig.embedded(dir, 77, "s", 0, List.of(new HostPort("127.0.0.1", 1)));
    store = new FileStore(cfg);
    store.initBlocking();
    binlog = Binlog.open(dir.resolve("data").resolve("sync"));
    io = vertx.createSharedWorkerExecutor("local-upload-test-io", 4);
    Replicator replicator = new Replicator(cfg, new Membership());
    replicator.port(1); // the address it advertises to peers (there are none)
    ctx = new StorageContext(vertx, cfg, store, binlog, io, replicator);
    storageCtx = TestContexts.deploy(vertx);
    callerCtx = TestContexts.deploy(vertx);
    assertNotEquals(TestContexts.threadOf(storageCtx), TestContexts.threadOf(callerCtx));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    binlog.close();
    store.close();
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  record Outcome(AsyncResult<FileId> result, boolean onCallerContext) {}

  /** Calls LocalUpload from the caller's context; records where the answer's callback ran. */
  Outcome upload(ChunkedSource src, long length) throws Exception {
    CompletableFuture<Outcome> out = new CompletableFuture<>();
    callerCtx.runOnContext(v -> LocalUpload.upload(ctx, storageCtx, -1, "bin", src, length, false)
        .onComplete(ar -> out.complete(new Outcome(ar, Vertx.currentContext() == callerCtx))));
    return out.get(60, TimeUnit.SECONDS);
  }

  Path tmpDir() {
    return store.path(0).tmpDir();
  }

  /** Regular files in the data tree apart from the binlog's and temp files. */
  long dataFiles() throws Exception {
    Path data = dir.resolve("data");
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(data.resolve("sync")) && !p.startsWith(tmpDir()))
          .count();
    }
  }

  long tmpFiles() throws Exception {
    try (Stream<Path> s = Files.list(tmpDir())) {
      return s.count();
    }
  }

  @Test
  void uploadsAMultiMegabyteBodyFromAnotherContext() throws Exception {
    byte[] data = random((5 << 20) + 123);
    ChunkedSource src = new ChunkedSource(callerCtx, data, 64 * 1024 + 17);
    Outcome o = upload(src, data.length);
    assertTrue(o.result().succeeded(), () -> String.valueOf(o.result().cause()));
    assertTrue(o.onCallerContext(), "the answer must complete on the caller's context");
    FileId id = o.result().result();
    assertArrayEquals(data, Files.readAllBytes(store.resolve(id)));
    GeneratedName g = GeneratedName.decode(id.name());
    CRC32 crc = new CRC32();
    crc.update(data);
    assertEquals(data.length, g.size());
    assertEquals((int) crc.getValue(), g.crc32());
    assertFalse(src.offContext, "the body must be read on the caller's context");
    assertEquals(0, tmpFiles());
  }

  @Test
  void aLargeUploadWrittenPastThePageCacheKeepsEveryByteAndItsName() throws Exception {
    Path base = dir.resolve("direct");
    StorageConfig cfg = StorageConfig.of(java.util.Map.of("base_path", base.toString(), "server_id", "78",
        "cluster_secret", "s", "port", "0", "reserved_storage_space", "0", "tracker_server", "127.0.0.1:1",
        "direct_io_min_size", "1M"));
    FileStore directStore = new FileStore(cfg);
    directStore.initBlocking();
    Binlog directBinlog = Binlog.open(base.resolve("data").resolve("sync"));
    try {
      Replicator replicator = new Replicator(cfg, new Membership());
      replicator.port(1);
      StorageContext direct = new StorageContext(vertx, cfg, directStore, directBinlog, io, replicator);
      byte[] data = random((5 << 20) + 123); // not a whole number of 4 KiB blocks: the tail is padded, then cut
      assertTrue(directStore.directWrite(data.length));
      ChunkedSource src = new ChunkedSource(callerCtx, data, 64 * 1024 + 17);
      CompletableFuture<AsyncResult<FileId>> out = new CompletableFuture<>();
      callerCtx.runOnContext(v -> LocalUpload.upload(direct, storageCtx, -1, "bin", src, data.length, false)
          .onComplete(out::complete));
      AsyncResult<FileId> r = out.get(60, TimeUnit.SECONDS);
      assertTrue(r.succeeded(), () -> String.valueOf(r.cause()));
      assertArrayEquals(data, Files.readAllBytes(directStore.resolve(r.result())));
      GeneratedName g = GeneratedName.decode(r.result().name());
      CRC32 crc = new CRC32();
      crc.update(data);
      assertEquals(data.length, g.size());
      assertEquals((int) crc.getValue(), g.crc32());
    } finally {
      directBinlog.close();
      directStore.close();
    }
  }

  @Test
  void theCallersBodyIsPausedWhileTheStorageSideDoesNotTakeIt() throws Exception {
    byte[] data = random(4 << 20);
    int piece = 16 * 1024;
    ChunkedSource src = new ChunkedSource(callerCtx, data, piece);
    // the storage loop is held busy: whatever the caller sends queues up on its side
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    storageCtx.runOnContext(v -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    CompletableFuture<AsyncResult<FileId>> out = new CompletableFuture<>();
    callerCtx.runOnContext(v -> LocalUpload.upload(ctx, storageCtx, -1, "bin", src, data.length, false)
        .onComplete(out::complete));
    try {
      await().atMost(Duration.ofSeconds(5)).until(src::paused);
      assertTrue(src.sent.get() <= LocalUpload.MAX_QUEUED + piece, "sent " + src.sent.get());
    } finally {
      release.countDown();
    }
    AsyncResult<FileId> r = out.get(60, TimeUnit.SECONDS);
    assertTrue(r.succeeded(), () -> String.valueOf(r.cause()));
    assertArrayEquals(data, Files.readAllBytes(store.resolve(r.result())));
  }

  @Test
  void aBodyThatBreaksMidwayFailsAndLeavesNoFile() throws Exception {
    byte[] data = random(4 << 20);
    long before = dataFiles();
    ChunkedSource src = new ChunkedSource(callerCtx, data, 50_000, 2 << 20);
    Outcome o = upload(src, data.length);
    assertTrue(o.result().failed());
    assertTrue(o.onCallerContext());
    ProtoException e = assertInstanceOf(ProtoException.class, o.result().cause());
    assertEquals(ErrorCode.EIO, e.code());
    assertEquals(0, tmpFiles());
    assertEquals(before, dataFiles());
  }

  @Test
  void aBodyShorterThanDeclaredFailsAsASizeMismatch() throws Exception {
    byte[] data = random(1 << 20);
    long before = dataFiles();
    ChunkedSource src = new ChunkedSource(callerCtx, data, 30_000);
    Outcome o = upload(src, data.length + 100);
    ProtoException e = assertInstanceOf(ProtoException.class, o.result().cause());
    assertEquals(ErrorCode.EINVAL, e.code());
    assertTrue(o.onCallerContext());
    // the rest of the body is dropped on the caller's context before the answer gets there
    assertFalse(src.handlerAfterEnd, "an ended body must be left alone");
    assertEquals(0, tmpFiles());
    assertEquals(before, dataFiles());
  }

  @Test
  void aBodyLongerThanDeclaredFailsAndIsReadToItsEnd() throws Exception {
    byte[] data = random(3 << 20);
    long before = dataFiles();
    ChunkedSource src = new ChunkedSource(callerCtx, data, 30_000);
    Outcome o = upload(src, data.length - 100);
    ProtoException e = assertInstanceOf(ProtoException.class, o.result().cause());
    assertEquals(ErrorCode.EINVAL, e.code());
    assertEquals(0, tmpFiles());
    assertEquals(before, dataFiles());
    // the rest is discarded, as a connection skips the rest of a refused frame
    await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
  }

  @Test
  void aRefusedUploadDiscardsTheBodyUnread() throws Exception {
    byte[] data = random(1 << 20);
    ChunkedSource src = new ChunkedSource(callerCtx, data, 30_000);
    CompletableFuture<AsyncResult<FileId>> out = new CompletableFuture<>();
    callerCtx.runOnContext(v -> LocalUpload.upload(ctx, storageCtx, 9, "bin", src, data.length, false)
        .onComplete(out::complete));
    ProtoException e = assertInstanceOf(ProtoException.class, out.get(30, TimeUnit.SECONDS).cause());
    assertEquals(ErrorCode.EINVAL, e.code()); // no store path 9
    await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
    assertEquals(0, tmpFiles());
  }
}
