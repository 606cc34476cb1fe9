package io.stowage.admin.stats;

import io.stowage.admin.cluster.ClusterView;
import io.stowage.admin.s3.S3Proxy;
import io.stowage.common.metrics.Gauge;
import io.stowage.common.metrics.MetricsRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Once a second: scrapes the gateway's metrics (when an S3 endpoint is configured), refreshes the
 * cluster view, updates the admin's own cluster gauges, and pushes one {@code data:} event with the
 * stats to every open {@code /api/stream} (Server-Sent Events). Confined to the admin event loop.
 */
public final class LiveStats {
  public static final int MAX_STREAMS = 100;

  private final S3Proxy s3;
  private final ClusterView view;
  private final LongSupplier clock;
  private final GatewayStats gateway = new GatewayStats();
  private final Set<HttpServerResponse> streams = new LinkedHashSet<>();
  private final Gauge servers;
  private final Gauge groupBytes;
  private final Set<String> knownGroups = new HashSet<>();
  private String gatewayState;
  private JsonObject latest = new JsonObject();

  public LiveStats(S3Proxy s3, ClusterView view, MetricsRegistry metrics, LongSupplier clock) {
    this.s3 = s3;
    this.view = view;
    this.clock = clock;
    this.gatewayState = s3 == null ? "not configured" : "unknown";
    this.servers = metrics.gauge("stowage_cluster_servers", "Storage servers by status, as the trackers report them.", "status");
    this.groupBytes = metrics.gauge("stowage_group_capacity_bytes", "Group capacity (kind=total|free; free = least free ACTIVE member).",
        "group", "kind");
  }

  /** One tick: scrape, refresh, push. */
  public void tick() {
    if (s3 != null) {
      long t = clock.getAsLong();
      s3.metrics().onComplete(ar -> {
        if (ar.succeeded()) {
          gateway.add(t, ar.result());
          gatewayState = "up";
        } else {
          gateway.reset();
          gatewayState = "unreachable";
        }
      });
    }
    view.current().onSuccess(snap -> {
      updateGauges(snap);
      latest = render(snap);
      Buffer event = Buffer.buffer("data: " + latest.encode() + "\n\n");
      for (HttpServerResponse r : Set.copyOf(streams)) {
        if (r.closed() || r.ended()) {
          streams.remove(r);
        } else if (!r.writeQueueFull()) {
          r.write(event);
        }
      }
    });
  }

  JsonObject render(ClusterView.Snapshot snap) {
    JsonObject j = new JsonObject().put("time", clock.getAsLong()).put("gateway", gatewayState);
    JsonObject rates = "up".equals(gatewayState) ? gateway.rates() : null;
    if (rates != null) {
      j.mergeIn(rates);
    }
    j.put("cluster", new JsonObject().put("servers", snap.servers().size()).put("active", snap.activeServers())
        .put("totalBytes", snap.totalBytes()).put("freeBytes", snap.freeBytes()).put("error", snap.error()));
    return j;
  }

  private void updateGauges(ClusterView.Snapshot snap) {
    java.util.Map<String, Long> byStatus = new java.util.TreeMap<>();
    for (String s : new String[] {"ACTIVE", "OFFLINE", "SYNCING", "WAIT_SYNC"}) {
      byStatus.put(s, 0L);
    }
    snap.servers().forEach(s -> byStatus.merge(s.status(), 1L, Long::sum));
    byStatus.forEach((k, v) -> servers.labels(k).set(v));
    Set<String> now = new HashSet<>();
    for (ClusterView.GroupRow g : snap.groups()) {
      now.add(g.name());
      groupBytes.labels(g.name(), "total").set(g.totalBytes());
      groupBytes.labels(g.name(), "free").set(g.freeBytes());
    }
    for (String gone : knownGroups) {
      if (!now.contains(gone)) {
        groupBytes.remove(gone, "total");
        groupBytes.remove(gone, "free");
      }
    }
    knownGroups.clear();
    knownGroups.addAll(now);
  }

  /** The last stats pushed. */
  public JsonObject latest() {
    return latest;
  }

  /** Registers an SSE response; false when too many streams are open. */
  public boolean addStream(HttpServerResponse r) {
    if (streams.size() >= MAX_STREAMS) {
      return false;
    }
    streams.add(r);
    r.closeHandler(v -> streams.remove(r));
    if (!latest.isEmpty()) {
      r.write("data: " + latest.encode() + "\n\n");
    }
    return true;
  }

  public void closeAll() {
    for (HttpServerResponse r : Set.copyOf(streams)) {
      if (!r.ended()) {
        r.end();
      }
    }
    streams.clear();
  }
}
