package io.stowage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Uploads the objects a case needs before it starts (and deletes what earlier cases wrote), with a
 * few threads, failing on the first error.
 */
final class Fill {
  private Fill() {}

  /** One request per key: an upload, or a delete. */
  interface KeyRequest {
    void send(String key) throws Exception;
  }

  static List<String> run(String prefix, int from, int count, int threads, KeyRequest upload) throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      keys.add(prefix + i);
    }
    forEach(keys, threads, upload);
    return keys;
  }

  /** Sends {@code request} for every key on up to {@code threads} threads, failing on the first error. */
  static void forEach(List<String> keys, int threads, KeyRequest request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, keys.size())), r -> {
      Thread t = new Thread(r, "bench-fill");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String key : keys) {
        done.add(pool.submit(() -> {
          request.send(key);
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
