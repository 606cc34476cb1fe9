package io.stowage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchedFileWriterTest {
  @TempDir
  Path dir;
  static Vertx vertx;
  static WorkerExecutor io;
  static Context context;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    io = vertx.createSharedWorkerExecutor("batched-file-writer-test", 2);
    context = vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    io.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  /** A file the writer creates (not a spare). */
  private static FileStore.TempFile newFile(Path file) {
    return new FileStore.TempFile(file, false);
  }

  @Test
  void writesEveryPieceInOrderAcrossBatchesWithBackPressure() throws Exception {
    byte[] data = new byte[5 * BatchedFileWriter.BATCH_BYTES + 12_345];
    new Random(7).nextBytes(data);
    Path file = dir.resolve("f");
    boolean[] sawFull = {false};
    // both I/O threads held until the queue has filled: a disk slower than the source, on any machine
    // (a write that finished before its completion listener was added would otherwise empty the
    // queue at once, and the test would depend on timing)
    CountDownLatch disk = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      io.executeBlocking(() -> disk.await(10, TimeUnit.SECONDS), false);
    }
    on(() -> Future.succeededFuture(BatchedFileWriter.open(io, newFile(file), false, false)).compose(w -> {
      Promise<Void> all = Promise.promise();
      writePieces(w, data, 0, sawFull, disk, all);
      return all.future().compose(v -> w.close());
    }));
    assertArrayEquals(data, Files.readAllBytes(file));
    assertTrue(sawFull[0], "the queue never reported full: nothing would ever pause the source");
  }

  /**
   * Writes 16 KiB pieces, waiting for drain whenever the writer says its queue is full (and then
   * letting the held disk go).
   */
  private static void writePieces(BatchedFileWriter w, byte[] data, int from, boolean[] sawFull, CountDownLatch disk,
                                  Promise<Void> all) {
    int off = from;
    while (off < data.length) {
      int n = Math.min(16 << 10, data.length - off);
      w.write(Buffer.buffer().appendBytes(data, off, n)).onFailure(all::tryFail);
      off += n;
      if (w.writeQueueFull()) {
        sawFull[0] = true;
        disk.countDown();
        int next = off;
        w.drainHandler(v -> writePieces(w, data, next, sawFull, disk, all));
        return;
      }
    }
    all.tryComplete();
  }

  @Test
  void closeWritesWhatIsCollectedBelowABatchAndCompletesItsWrites() throws Exception {
    Path file = dir.resolve("small");
    boolean[] written = new boolean[2];
    on(() -> {
      BatchedFileWriter w = BatchedFileWriter.open(io, newFile(file), true, false);
      w.write(Buffer.buffer("hello ")).onSuccess(v -> written[0] = true);
      w.write(Buffer.buffer("world")).onSuccess(v -> written[1] = true);
      return w.close();
    });
    assertEquals("hello world", Files.readString(file));
    assertTrue(written[0] && written[1], "every write completes with the close");
  }

  @Test
  void closeAloneCreatesAnEmptyFile() throws Exception {
    Path file = dir.resolve("empty");
    on(() -> BatchedFileWriter.open(io, newFile(file), true, false).close());
    assertEquals(0, Files.size(file));
  }

  @Test
  void refusesAnExistingFile() throws Exception {
    Path file = Files.writeString(dir.resolve("there"), "x");
    assertThrows(Exception.class, () -> on(() -> {
      BatchedFileWriter w = BatchedFileWriter.open(io, newFile(file), false, false);
      w.write(Buffer.buffer("overwritten"));
      return w.close();
    }));
    assertEquals("x", Files.readString(file));
  }

  @Test
  void writesIntoAnExistingSpareFileBufferedOrDirect() throws Exception {
    int batch = BatchedFileWriter.BATCH_BYTES;
    for (boolean direct : new boolean[] {false, true}) {
      byte[] data = new byte[2 * batch + 4097];
      new Random(direct ? 1 : 2).nextBytes(data);
      Path spare = Files.createFile(dir.resolve("spare-" + direct + ".tmp"));
      on(() -> {
        BatchedFileWriter w = BatchedFileWriter.open(io, new FileStore.TempFile(spare, true), true, direct);
        for (int off = 0; off < data.length; off += 65_536) {
          w.write(Buffer.buffer().appendBytes(data, off, Math.min(65_536, data.length - off)));
        }
        return w.close();
      });
      assertArrayEquals(data, Files.readAllBytes(spare), "direct " + direct);
    }
    Path missing = dir.resolve("spare-gone.tmp");
    assertThrows(Exception.class, () -> on(() -> BatchedFileWriter.open(io, new FileStore.TempFile(missing, true), false, false)
        .close()), "a spare is opened, never created");
    assertFalse(Files.exists(missing));
  }

  @Test
  void refusesWritesAfterClose() throws Exception {
    Path file = dir.resolve("closed");
    assertThrows(Exception.class, () -> on(() -> {
      BatchedFileWriter w = BatchedFileWriter.open(io, newFile(file), false, false);
      return w.close().compose(v -> w.write(Buffer.buffer("late")));
    }));
    assertEquals(0, Files.size(file));
  }

  @Test
  void directWritesKeepEveryByteAtAnyLengthAndPieceSize() throws Exception {
    int batch = BatchedFileWriter.BATCH_BYTES;
    int[] lengths = {0, 1, 4095, 4096, 4097, batch - 1, batch, batch + 1, 3 * batch + 12_345};
    for (int length : lengths) {
      for (int piece : new int[] {1000, 65_536, 4096}) {
        byte[] data = new byte[length];
        new Random(length + piece).nextBytes(data);
        Path file = dir.resolve("direct-" + length + "-" + piece);
        on(() -> {
          BatchedFileWriter w = BatchedFileWriter.open(io, newFile(file), true, true);
          for (int off = 0; off < data.length; off += piece) {
            w.write(Buffer.buffer().appendBytes(data, off, Math.min(piece, data.length - off)));
          }
          return w.close();
        });
        assertEquals(length, Files.size(file), "length " + length + " in pieces of " + piece);
        assertArrayEquals(data, Files.readAllBytes(file), "length " + length + " in pieces of " + piece);
      }
    }
  }

  @Test
  void directSinkBypassesThePageCacheWhereTheFileSystemAllowsIt() throws Exception {
    assumeTrue(directIoWorksIn(dir), "the test directory's file system has no O_DIRECT: "
        + "writes fall back to the page cache, which the other tests cover");
    Path file = dir.resolve("probe");
    FileSink sink = DirectFileSink.open(file, false);
    try {
      assertTrue(sink instanceof DirectFileSink, "O_DIRECT works here, yet the sink went through the page cache");
      sink.write(new java.nio.ByteBuffer[] {java.nio.ByteBuffer.wrap("abc".getBytes())});
      sink.finish(true);
    } finally {
      sink.close();
    }
    assertEquals("abc", Files.readString(file));
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> DirectFileSink.open(file, false), "a new file only");
  }

  /** Whether this directory's file system takes O_DIRECT opens, asked without the code under test. */
  private static boolean directIoWorksIn(Path dir) {
    Path probe = dir.resolve("o_direct_probe");
    try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(probe,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
        com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (java.io.IOException ignored) {
        // a leftover probe in a temp dir is harmless
      }
    }
  }
}
