package io.stowage.storage.metrics;

import io.stowage.common.metrics.Gauge;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.storage.StorageNode;
import io.stowage.storage.fs.StorePath;

/**
 * The storage server's gauges: space per store path (labels: group, server ID, path index — bounded
 * by the deployment's shape). Read at scrape time.
 */
public final class StorageMetrics {
  private StorageMetrics() {}

  public static void register(StorageNode node, MetricsRegistry registry) {
    String group = node.config().group();
    String server = Integer.toString(node.config().serverId());
    Gauge total = registry.gauge("stowage_store_path_total_bytes", "Size of the file system under a store path.",
        "group", "server", "path");
    Gauge free = registry.gauge("stowage_store_path_free_bytes", "Free bytes under a store path.", "group", "server", "path");
    registry.gauge("stowage_index_tombstones_purged", "Index tombstones purged since start (the whole group had them).",
        "group", "server").labels(group, server).setSupplier(() -> node.tombstonePurge().purged());
    for (StorePath sp : node.store().paths()) {
      total.labels(group, server, sp.name()).setSupplier(sp::totalBytes);
      free.labels(group, server, sp.name()).setSupplier(sp::freeBytes);
    }
  }
}
