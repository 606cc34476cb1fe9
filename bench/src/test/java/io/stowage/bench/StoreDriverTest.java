package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class StoreDriverTest {
  /** Objects kept by key in memory: enough to see what a driver wrote and deleted. */
  static final class MemoryStore implements ObjectStore {
    final Map<String, Integer> objects = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public boolean supports(Operation op) {
      return true;
    }

    @Override
    public void put(String key, byte[] body, int length) {
      objects.put(key, length);
    }

    @Override
    public long get(String key, byte[] buffer) {
      Integer n = objects.get(key);
      if (n == null) {
        throw new IllegalStateException("no such key " + key);
      }
      return n;
    }

    @Override
    public void delete(String key) {
      objects.remove(key);
    }

    @Override
    public String listPage(String prefix, int maxKeys, String continuationToken) {
      return null;
    }

    @Override
    public void multipartPut(String key, byte[] body, int length, long partSize) {
      objects.put(key, length);
    }

    @Override
    public void close() {}
  }

  @Test
  void whatACaseWroteIsDeletedLaterAndTheFillObjectsStay() throws Exception {
    BenchOptions o = BenchOptions.parse(new String[] {"--fill-objects", "4"});
    MemoryStore store = new MemoryStore();
    try (StoreDriver driver = new StoreDriver(store, o, new Payloads())) {
      BenchCase get = new BenchCase(Operation.GET, 4096, 1);
      driver.prepare(get);
      Set<String> fill = Set.copyOf(store.objects.keySet());
      assertEquals(4, fill.size());

      BenchCase put = new BenchCase(Operation.PUT, 4096, 2);
      for (int i = 0; i < 10; i++) {
        driver.worker(put, i % 2).run(i);
      }
      assertEquals(14, store.objects.size());
      driver.endCase(true);
      assertEquals(14, store.objects.size(), "nothing is deleted when a case ends");
      assertEquals(10, driver.deleteEarlierWrites());
      assertEquals(fill, store.objects.keySet(), "the case's objects went, the fill objects stayed");

      LoadDriver.Worker reader = driver.worker(get, 0);
      for (int i = 0; i < 8; i++) {
        assertEquals(4096, reader.run(i), "GETs still find every object they read");
      }
      driver.worker(put, 0).run(0);
      driver.endCase(false);
      assertEquals(0, driver.deleteEarlierWrites(), "kept when the case ended without deleteLater");
      assertEquals(5, store.objects.size());
    }
  }

  @Test
  void onlyLargeObjectsThatNoLaterDeleteCaseNeedsAreDeleted() {
    BenchCase put4k = new BenchCase(Operation.PUT, 4096, 16);
    BenchCase put1m = new BenchCase(Operation.PUT, Sizes.MIB, 8);
    BenchCase put64m = new BenchCase(Operation.PUT, 64 * Sizes.MIB, 4);
    BenchCase delete64m = new BenchCase(Operation.DELETE, 64 * Sizes.MIB, 4);
    BenchCase get1m = new BenchCase(Operation.GET, Sizes.MIB, 8);
    List<BenchCase> all = List.of(put4k, put1m, get1m, put64m, delete64m);
    assertFalse(BenchRun.deletesWhatItWrote(put4k, all), "small objects are cheap to keep");
    assertTrue(BenchRun.deletesWhatItWrote(put1m, all));
    assertFalse(BenchRun.deletesWhatItWrote(get1m, all), "reads write nothing");
    assertFalse(BenchRun.deletesWhatItWrote(put64m, all), "a delete case of that size needs them");
  }
}
