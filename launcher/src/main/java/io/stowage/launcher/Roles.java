package io.stowage.launcher;

import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs one role in its own process until the JVM is told to stop. */
final class Roles {
  private Roles() {}

  static void tracker(Path config) {
    TrackerConfig cfg = TrackerConfig.load(config, System.getenv());
    Vertx vertx = Vertx.vertx();
    TrackerNode node = await(TrackerNode.start(vertx, cfg));
    System.out.println("tracker listening on port " + node.port());
    onShutdown(() -> await(node.stop().eventually(vertx::close)));
  }

  static void storage(Path config) {
    StorageConfig cfg = StorageConfig.load(config, System.getenv());
    Vertx vertx = Vertx.vertx();
    StorageNode node = await(StorageNode.start(vertx, cfg));
    System.out.println("storage listening on port " + node.port());
    onShutdown(() -> await(node.stop().eventually(vertx::close)));
  }

  static void onShutdown(Runnable r) {
    Runtime.getRuntime().addShutdownHook(new Thread(r, "shutdown"));
  }

  /** Waits on the main thread (never an event loop) for start-up or shutdown. */
  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
