package io.stowage.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures synced index puts per second from concurrent writers (as the storage server's event loop
 * issues them) and prints the rate; asserts only that every put is readable afterwards. Opt-in:
 * {@code mvn -o -pl core-storage test -Dtest=KeyIndexPutRateTest -Dstowage.bench=true}
 * ({@code -Dstowage.bench.puts=N -Dstowage.bench.writers=N} to change the load).
 */
@EnabledIfSystemProperty(named = "stowage.bench", matches = "true")
class KeyIndexPutRateTest {
  @TempDir
  Path dir;

  @Test
  void concurrentSyncedPutsAreAllStored() throws Exception {
    int puts = Integer.getInteger("stowage.bench.puts", 4000);
    int writers = Integer.getInteger("stowage.bench.writers", 16);
    Vertx vertx = Vertx.vertx();
    KeyIndex index = KeyIndex.open(vertx, dir.resolve("idx")).await(30, TimeUnit.SECONDS);
    try {
      byte[] value = new byte[200]; // about an index entry without user metadata
      Arrays.fill(value, (byte) 'v');
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> {
        List<Future<Void>> loops = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          loops.add(loop(index, value, next, puts));
        }
        Future.all(loops).onComplete(ar -> done.handle(ar.mapEmpty()));
      });
      done.future().await(300, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("# KeyIndex: %d synced puts from %d writers in %.2f s = %.0f puts/s%n", puts, writers, seconds, puts / seconds);
      for (int i = 0; i < puts; i += 97) {
        assertArrayEquals(value, index.get("bench", key(i)).await(30, TimeUnit.SECONDS));
      }
      assertEquals(puts, next.get());
    } finally {
      index.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static Future<Void> loop(KeyIndex index, byte[] value, AtomicInteger next, int puts) {
    Promise<Void> done = Promise.promise();
    step(index, value, next, puts, done);
    return done.future();
  }

  private static void step(KeyIndex index, byte[] value, AtomicInteger next, int puts, Promise<Void> done) {
    if (next.get() >= puts) {
      done.tryComplete();
      return;
    }
    int i = next.getAndIncrement();
    if (i >= puts) {
      next.decrementAndGet();
      done.tryComplete();
      return;
    }
    index.put("bench", key(i), value).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
      } else {
        step(index, value, next, puts, done);
      }
    });
  }

  private static byte[] key(int i) {
    return ("photos/2026/11/" + String.format("%08d", i) + ".jpg").getBytes(StandardCharsets.UTF_8);
  }
}
