package io.stowage.tracker.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerMetricsTest {
  @TempDir Path dir;

  @Test
  void aSingleTrackerReportsItselfLeaderInPrometheusText() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TrackerNode node = TrackerNode.start(vertx, TrackerConfig.embedded(dir, 0, "s"))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      MetricsRegistry registry = new MetricsRegistry();
      TrackerMetrics metrics = vertx.executeBlocking(() -> TrackerMetrics.register(vertx, node, registry))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      String text = registry.render();
      assertTrue(text.contains("stowage_tracker_leader 1"), text);
      assertTrue(text.contains("# TYPE stowage_server_sync_lag_bytes gauge"), text);
      metrics.stop();
      node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
