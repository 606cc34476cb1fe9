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
import io.stowage.storage.fs.TempUploads;
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
  private static final int IO_THREADS = 4;
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
    io = vertx.createSharedWorkerExecutor("local-upload-test-io", IO_THREADS);
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

  /** Starts LocalUpload from the caller's context; completes with its answer. */
  CompletableFuture<AsyncResult<FileId>> start(ChunkedSource src, long length, int storePathIndex) {
    CompletableFuture<AsyncResult<FileId>> out = new CompletableFuture<>();
    callerCtx.runOnContext(v -> LocalUpload.upload(ctx, storageCtx, storePathIndex, "bin", src, length, false)
        .onComplete(out::complete));
    return out;
  }

  /** The upload succeeded and its file holds {@code data}. */
  void assertStored(byte[] data, CompletableFuture<AsyncResult<FileId>> out) throws Exception {
    AsyncResult<FileId> r = out.get(60, TimeUnit.SECONDS);
    assertTrue(r.succeeded(), () -> String.valueOf(r.cause()));
    assertArrayEquals(data, Files.readAllBytes(store.resolve(r.result())));
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
    TempUploads.awaitNone(store, store.path(0));
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
  void theCallersBodyIsPausedWhileTheFileDoesNotTakeIt() throws Exception {
    byte[] data = random(16 << 20);
    int piece = 16 * 1024;
    ChunkedSource src = new ChunkedSource(callerCtx, data, piece);
    // every thread of the I/O pool held busy: the file takes nothing, so what the caller sends queues up
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < IO_THREADS; i++) {
      io.executeBlocking(() -> release.await(20, TimeUnit.SECONDS), false);
    }
    CompletableFuture<AsyncResult<FileId>> out = start(src, data.length, -1);
    try {
      await().atMost(Duration.ofSeconds(5)).until(src::paused);
      // the writer's queue (4 batches of 1 MiB) and one more piece at most
      assertTrue(src.sent.get() <= (4 << 20) + piece, "sent " + src.sent.get());
    } finally {
      release.countDown();
    }
    assertStored(data, out);
  }

  @Test
  void aOneServerGroupTakesTheBytesWhileTheStorageLoopIsBusy() throws Exception {
    byte[] data = random(4 << 20);
    int piece = 64 * 1024;
    ChunkedSource src = new ChunkedSource(callerCtx, data, piece).holdAt(piece);
    CompletableFuture<AsyncResult<FileId>> out = start(src, data.length, -1);
    await().atMost(Duration.ofSeconds(5)).until(() -> src.sent.get() == piece); // admitted, reading
    // the storage server's loop held busy while the rest streams: with no peer to feed, only the
    // admission and the commit need that loop, so the bytes go to the file all the same
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    storageCtx.runOnContext(v -> {
      busy.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertTrue(busy.await(5, TimeUnit.SECONDS));
      src.release();
      await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
      assertFalse(out.isDone(), "the commit waits for the storage server's loop");
    } finally {
      release.countDown();
    }
    assertStored(data, out);
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
    TempUploads.awaitNone(store, store.path(0));
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
    TempUploads.awaitNone(store, store.path(0));
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
    TempUploads.awaitNone(store, store.path(0));
    assertEquals(before, dataFiles());
    // the rest is discarded, as a connection skips the rest of a refused frame
    await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
  }

  @Test
  void aRefusedUploadDiscardsTheBodyUnread() throws Exception {
    byte[] data = random(1 << 20);
    ChunkedSource src = new ChunkedSource(callerCtx, data, 30_000);
    CompletableFuture<AsyncResult<FileId>> out = start(src, data.length, 9);
    ProtoException e = assertInstanceOf(ProtoException.class, out.get(30, TimeUnit.SECONDS).cause());
    assertEquals(ErrorCode.EINVAL, e.code()); // no store path 9
    await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
    TempUploads.awaitNone(store, store.path(0));
  }
}
