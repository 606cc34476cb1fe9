package io.stowage.tracker.metrics;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.metrics.Gauge;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.tracker.TrackerNode;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.ServerView;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tracker's gauges: leadership, and per group its capacity and how many servers are in each
 * status. Labels are group names and statuses only, so cardinality stays bounded by the cluster's
 * shape. Values are refreshed from the tracker's view every few seconds on its event loop.
 */
public final class TrackerMetrics {
  private static final long REFRESH_MS = 5_000;

  private final TrackerNode node;
  private final Gauge totalBytes;
  private final Gauge freeBytes;
  private final Gauge servers;
  private final Set<String> seenGroups = new HashSet<>();
  private final long timer;
  private final Vertx vertx;

  private TrackerMetrics(Vertx vertx, TrackerNode node, MetricsRegistry registry) {
    this.vertx = vertx;
    this.node = node;
    registry.gauge("stowage_tracker_leader", "1 when this tracker leads the Raft group.", () -> node.isLeader() ? 1 : 0);
    totalBytes = registry.gauge("stowage_group_total_bytes", "Capacity of a group's store paths (smallest member).", "group");
    freeBytes = registry.gauge("stowage_group_free_bytes", "Free space of a group (smallest member).", "group");
    servers = registry.gauge("stowage_group_servers", "Storage servers of a group by FastDFS status.", "group", "status");
    refresh();
    timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
  }

  /** Registers the families in {@code registry} and starts refreshing them. */
  public static TrackerMetrics register(Vertx vertx, TrackerNode node, MetricsRegistry registry) {
    return new TrackerMetrics(vertx, node, registry);
  }

  private void refresh() {
    List<GroupView> groups = node.groups();
    for (GroupView g : groups) {
      seenGroups.add(g.name());
      totalBytes.labels(g.name()).set(g.totalMb() * 1024.0 * 1024.0);
      freeBytes.labels(g.name()).set(g.freeMb() * 1024.0 * 1024.0);
      for (ServerStatus s : ServerStatus.values()) {
        long n = g.servers().stream().map(ServerView::status).filter(s::equals).count();
        servers.labels(g.name(), s.name()).set(n);
      }
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
