package io.stowage.storage.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per key (appender-file append/modify/truncate/rename,
 * metadata updates, deletes of one file), in arrival order; tasks on different keys run concurrently.
 */
public final class KeyedSerializer {
  private final Map<String, Future<Void>> tails = new HashMap<>();

  public <T> Future<T> run(String key, Supplier<Future<T>> task) {
    Promise<Void> done = Promise.promise();
    Future<Void> prev;
    synchronized (tails) {
      prev = tails.put(key, done.future());
    }
    Future<Void> ready = prev == null ? Future.succeededFuture() : prev;
    Future<T> result = ready.compose(v -> task.get());
    result.onComplete(ar -> {
      synchronized (tails) {
        tails.remove(key, done.future());
      }
      done.complete();
    });
    return result;
  }

  /** Keys with a task queued or running. */
  public int active() {
    synchronized (tails) {
      return tails.size();
    }
  }
}
