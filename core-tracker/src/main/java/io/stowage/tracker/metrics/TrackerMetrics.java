package io.stowage.tracker.metrics;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.metrics.Gauge;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.tracker.TrackerNode;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.ServerView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The tracker's gauges: leadership; per group its capacity and how many servers are in each
 * status; per storage server its sync lag. Labels are group names, statuses and server IDs, so
 * cardinality stays bounded by the cluster's shape. Values are refreshed from the tracker's view every few seconds on its event loop.
 */
public final class TrackerMetrics {
  private static final long REFRESH_MS = 5_000;

  private final TrackerNode node;
  private final Gauge totalBytes;
  private final Gauge freeBytes;
  private final Gauge servers;
  private final Gauge syncLag;
  private final long timer;
  private final Vertx vertx;

  private TrackerMetrics(Vertx vertx, TrackerNode node, MetricsRegistry registry) {
    this.vertx = vertx;
    this.node = node;
    registry.gauge("stowage_tracker_leader", "1 when this tracker leads the Raft group.", () -> node.isLeader() ? 1 : 0);
    totalBytes = registry.gauge("stowage_group_total_bytes", "Capacity of a group's store paths (smallest member).", "group");
    freeBytes = registry.gauge("stowage_group_free_bytes", "Free space of a group (smallest member).", "group");
    servers = registry.gauge("stowage_group_servers", "Storage servers of a group by FastDFS status.", "group", "status");
    syncLag = registry.gauge("stowage_server_sync_lag_bytes",
        "Binlog bytes a storage server has yet to apply from its group's peers, as it last reported.", "group", "server");
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
      totalBytes.labels(g.name()).set(g.totalMb() * 1024.0 * 1024.0);
      freeBytes.labels(g.name()).set(g.freeMb() * 1024.0 * 1024.0);
      for (ServerStatus s : ServerStatus.values()) {
        long n = g.servers().stream().map(ServerView::status).filter(s::equals).count();
        servers.labels(g.name(), s.name()).set(n);
      }
    }
    JsonArray groupsJson = node.clusterStateJson().getJsonArray("groups", new JsonArray());
    for (int i = 0; i < groupsJson.size(); i++) {
      JsonObject g = groupsJson.getJsonObject(i);
      JsonArray members = g.getJsonArray("servers", new JsonArray());
      for (int j = 0; j < members.size(); j++) {
        JsonObject m = members.getJsonObject(j);
        JsonArray peers = m.getJsonObject("syncProgress", new JsonObject()).getJsonArray("peers", new JsonArray());
        long behind = 0;
        for (int k = 0; k < peers.size(); k++) {
          behind += peers.getJsonObject(k).getLong("behindBytes", 0L);
        }
        syncLag.labels(g.getString("name"), String.valueOf(m.getValue("serverId"))).set(behind);
      }
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
