package io.stowage.admin.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Alerts derived from a cluster view: a server not ACTIVE, a store path over 90 % used, a group with
 * no ACTIVE member, sync lag (over a minute, or over 64 MiB of binlog behind a peer, as servers report it), a heartbeat timestamp ahead of
 * the admin's clock (clock skew between tracker and admin), no tracker reachable.
 */
public final class Alerts {
  public static final double FULL_PCT = 90.0;
  public static final long SKEW_MS = 5_000;
  public static final long SYNC_LAG_MS = 60_000;
  /** A server this many binlog bytes behind a peer raises a sync-lag alert. */
  public static final long SYNC_BEHIND_BYTES = 64L << 20;
  /** At most this many alerts are listed; {@code more} counts the rest. */
  public static final int MAX_LISTED = 200;

  private Alerts() {}

  public static JsonObject compute(ClusterView.Snapshot s, long now) {
    JsonArray out = new JsonArray();
    int[] count = {0};
    if (s.error() != null) {
      add(out, count, "critical", "trackers", "cluster", s.error());
    }
    for (ClusterView.GroupRow g : s.groups()) {
      if (g.active() == 0) {
        add(out, count, "critical", "group-down", g.name(), "group " + g.name() + " has no ACTIVE server: its buckets cannot be read or written");
      }
    }
    for (ClusterView.ServerRow r : s.servers()) {
      String name = r.group() + "/" + r.serverId() + " (" + r.host() + ":" + r.port() + ")";
      // DELETED is an administrator's removal, not a fault: shown in the server list, never alerted
      if (!"ACTIVE".equals(r.status()) && !"DELETED".equals(r.status())) {
        add(out, count, "OFFLINE".equals(r.status()) ? "critical" : "warning", "server-status", name,
            "storage server " + name + " is " + r.status());
      }
      for (ClusterView.PathRow p : r.paths()) {
        if (p.free() >= 0 && p.total() > 0) {
          double pct = 100.0 * (p.total() - p.free()) / p.total();
          if (pct > FULL_PCT) {
            add(out, count, pct > 97 ? "critical" : "warning", "store-path-full", name + " M" + String.format("%02X", p.index()),
                String.format("store path M%02X of %s is %.1f %% used", p.index(), name, pct));
          }
        }
      }
      if (r.syncLagMs() != null && r.syncLagMs() > SYNC_LAG_MS) {
        add(out, count, "warning", "sync-lag", name, "storage server " + name + " is " + r.syncLagMs() / 1000 + " s behind its group");
      } else if (r.syncBehindBytes() != null && r.syncBehindBytes() > SYNC_BEHIND_BYTES) {
        add(out, count, "warning", "sync-lag", name, "storage server " + name + " is " + r.syncBehindBytes() / (1 << 20)
            + " MiB of binlog behind a peer" + (r.syncState() == null ? "" : " (" + r.syncState() + ")"));
      }
      if (r.lastBeatMs() > now + SKEW_MS) {
        add(out, count, "warning", "clock-skew", name, "heartbeat time of " + name + " is " + (r.lastBeatMs() - now) / 1000
            + " s ahead of the admin server's clock: check NTP on trackers and admin");
      }
    }
    return new JsonObject().put("alerts", out).put("total", count[0]).put("more", Math.max(0, count[0] - MAX_LISTED));
  }

  private static void add(JsonArray out, int[] count, String severity, String kind, String target, String message) {
    count[0]++;
    if (out.size() < MAX_LISTED) {
      out.add(new JsonObject().put("severity", severity).put("kind", kind).put("target", target).put("message", message));
    }
  }
}
