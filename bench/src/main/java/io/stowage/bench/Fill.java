package io.stowage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Uploads the objects a case needs before it starts (and deletes what a case wrote after it), with a
 * few threads, failing on the first error.
 */
final class Fill {
  private Fill() {}

  /** One request per key: an upload, or a delete. */
  interface Upload {
    void put(String key) throws Exception;
  }

  static List<String> run(String prefix, int from, int count, int threads, Upload upload) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      keys.add(prefix + i);
    }
    forEach(keys, threads, upload);
    return keys;
  }

  /** Runs {@code action} for every key on up to {@code threads} threads, failing on the first error. */
  static void forEach(List<String> keys, int threads, Upload action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, keys.size())), r -> {
      Thread t = new Thread(r, "bench-fill");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String key : keys) {
        done.add(pool.submit(() -> {
          action.put(key);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
