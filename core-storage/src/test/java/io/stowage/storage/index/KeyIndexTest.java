package io.stowage.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIndexTest {
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
    if (index != null) {
      await(index.close());
    }
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private List<String> keys(String bucket, String prefix, String after, int limit) throws Exception {
    return await(index.scan(bucket, b(prefix), after == null ? null : b(after), limit)).stream().map(KeyIndex.Entry::keyUtf8).toList();
  }

  @Test
  void keysComeBackInUtf8BinaryOrder() throws Exception {
    for (String k : List.of("ü/€", "a//b", "a/b", "a/", "a", "b", "Z", "a/\u007f")) {
      await(index.put("bkt", b(k), b("v:" + k)));
    }
    assertEquals(List.of("Z", "a", "a/", "a//b", "a/b", "a/\u007f", "b", "ü/€"), keys("bkt", "", null, 100));
    assertArrayEquals(b("v:ü/€"), await(index.get("bkt", b("ü/€"))));
  }

  @Test
  void everyWriteTellsItsListenersWhichKeysItWrote() throws Exception {
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    index.addWriteListener(k -> told.add(new String(k, UTF_8).replace('\0', '|')));
    await(index.put("bkt", b("put"), b("v")));
    await(index.updateUnsynced("bkt", b("update"), old -> b("v"), () -> null));
    await(index.updateUnsynced("bkt", b("unchanged"), old -> null, () -> null));
    await(index.delete("bkt", b("put")));
    await(index.write("bkt", List.of(KeyIndex.Mutation.put(b("batch1"), b("v")), KeyIndex.Mutation.delete(b("batch2")))));
    assertTrue(await(index.deleteIfEquals("bkt", b("update"), b("v"))));
    assertEquals(List.of("bkt|put", "bkt|update", "bkt|put", "bkt|batch1", "bkt|batch2", "bkt|update"), told,
        "each write, after it is applied; a read-modify-write that stores nothing writes nothing");
  }

  @Test
  void hotKeysAreReadInPlaceAndReopenedKeysReadRightOnEitherPath() throws Exception {
    await(index.put("bkt", b("k"), b("value")));
    Future<byte[]> inMemtable = index.get("bkt", b("k"));
    assertTrue(inMemtable.isComplete(), "a memtable hit answers without a worker hand-off");
    assertArrayEquals(b("value"), inMemtable.result());

    // Reopened, the key lives in an SST file. Whether its data block is cached yet depends on
    // RocksDB's background work after the recovery flush, so the first read may take either path
    // (memory-only, or the worker after Incomplete); it must give the value either way.
    await(index.close());
    index = await(KeyIndex.open(vertx, dir.resolve("idx")));
    assertArrayEquals(b("value"), await(index.get("bkt", b("k"))));
    Future<byte[]> cached = index.get("bkt", b("k"));
    assertTrue(cached.isComplete(), "the worker's read left the block in the cache");
    assertArrayEquals(b("value"), cached.result());
    assertNull(await(index.get("bkt", b("absent"))));
  }

  @Test
  void prefixAndStartAfterPage() throws Exception {
    for (String k : List.of("a", "a/", "a/b", "a//b", "a/c", "ab", "b")) {
      await(index.put("bkt", b(k), b("1")));
    }
    assertEquals(List.of("a/", "a//b", "a/b", "a/c"), keys("bkt", "a/", null, 100));
    assertEquals(List.of("a/", "a//b"), keys("bkt", "a/", null, 2));
    assertEquals(List.of("a/b", "a/c"), keys("bkt", "a/", "a//b", 2));
    assertEquals(List.of("a/c"), keys("bkt", "a/", "a/bb", 10), "startAfter need not exist");
    assertEquals(List.of("a/", "a//b", "a/b", "a/c"), keys("bkt", "a/", "0", 10), "startAfter before the prefix");
    assertEquals(List.of(), keys("bkt", "a/", "a/z", 10));
    assertEquals(List.of(), keys("bkt", "a/", null, 0));
  }

  @Test
  void bucketsAreIsolated() throws Exception {
    await(index.put("b1", b("k"), b("one")));
    await(index.put("b10", b("k"), b("ten")));
    await(index.put("b", b("1k"), b("trap")));
    assertEquals(List.of("k"), keys("b1", "", null, 10));
    assertEquals(List.of("1k"), keys("b", "", null, 10));
    assertArrayEquals(b("one"), await(index.get("b1", b("k"))));
    assertThrows(IllegalArgumentException.class, () -> index.put("bad\0bucket", b("k"), b("v")));
  }

  @Test
  void deleteBatchAndPersistence() throws Exception {
    await(index.put("bkt", b("x"), b("1")));
    await(index.write("bkt", List.of(KeyIndex.Mutation.put(b("y"), b("2")), KeyIndex.Mutation.delete(b("x")))));
    assertNull(await(index.get("bkt", b("x"))));
    await(index.delete("bkt", b("nothing")));
    await(index.close());
    index = await(KeyIndex.open(vertx, dir.resolve("idx")));
    assertArrayEquals(b("2"), await(index.get("bkt", b("y"))));
    assertEquals(List.of("y"), keys("bkt", "", null, 10));
  }

  @Test
  void closedIndexRefusesCalls() throws Exception {
    await(index.close());
    KeyIndex closed = index;
    index = null;
    assertThrows(Exception.class, () -> await(closed.get("bkt", b("x"))));
  }

  // updateUnsynced runs on the writer thread, in batches (BatchedUpdates)

  private static Throwable failureOf(Future<?> f) throws Exception {
    return await(f.transform(ar -> Future.succeededFuture(ar.cause())));
  }

  private static int number(byte[] v) {
    return v == null ? 0 : Integer.parseInt(new String(v, UTF_8));
  }

  @Test
  void concurrentIncrementsOfOneKeyLoseNothingAndLogInOrder() throws Exception {
    int n = 400;
    List<Integer> logged = new CopyOnWriteArrayList<>();
    List<Future<Integer>> all = new ArrayList<>();
    CountDownLatch submitted = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) { // four event loops submitting at once: batches hold the key many times
      vertx.runOnContext(x -> {
        for (int i = 0; i < n / 4; i++) {
          int[] now = new int[1];
          Future<Integer> f = index.updateUnsynced("bkt", b("counter"), old -> {
            now[0] = number(old) + 1;
            return b(Integer.toString(now[0]));
          }, () -> {
            logged.add(now[0]);
            return now[0];
          });
          synchronized (all) {
            all.add(f);
          }
        }
        submitted.countDown();
      });
    }
    assertTrue(submitted.await(30, TimeUnit.SECONDS));
    await(Future.all(all));
    assertEquals(n, number(await(index.get("bkt", b("counter")))),
        "every read-modify-write saw the one before it, also within one batch");
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      expected.add(i);
    }
    assertEquals(expected, logged, "each follow-up ran after its own write, in write order");
  }

  @Test
  void updatesAndMultiKeyWritesOnSharedStripesAllFinish() throws Exception {
    // multi-key writes lock their stripes in order on the worker pool; the writer thread must never
    // wait for a stripe while holding others, or the two would deadlock
    List<Future<?>> all = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      List<KeyIndex.Mutation> batch = new ArrayList<>();
      for (int k = 0; k < 16; k++) {
        batch.add(KeyIndex.Mutation.put(b("k" + ((round + k * 7) % 64)), b("w" + round)));
      }
      all.add(index.write("bkt", batch));
      for (int k = 0; k < 8; k++) {
        String key = "k" + ((round * 3 + k) % 64);
        all.add(index.updateUnsynced("bkt", b(key), old -> b("u"), () -> null));
      }
    }
    await(Future.all(all));
    for (int k = 0; k < 64; k++) {
      assertTrue(await(index.get("bkt", b("k" + k))) != null, "k" + k);
    }
  }

  @Test
  void aFailingChangeFailsOnlyItsOwnUpdate() throws Exception {
    Future<Object> bad = index.updateUnsynced("bkt", b("bad"), old -> {
      throw new IllegalArgumentException("broken entry");
    }, () -> "never");
    Future<String> good = index.updateUnsynced("bkt", b("good"), old -> b("v"), () -> "logged");
    assertEquals("logged", await(good));
    assertInstanceOf(IllegalArgumentException.class, failureOf(bad));
    assertEquals(null, await(index.get("bkt", b("bad"))));
  }

  @Test
  void updatesAfterCloseFailInsteadOfHanging() throws Exception {
    await(index.close());
    Future<Object> late = index.updateUnsynced("bkt", b("k"), old -> b("v"), () -> null);
    Throwable failure = failureOf(late);
    assertTrue(failure != null && failure.getMessage().contains("closed"), String.valueOf(failure));
    index = null;
  }
}
