package io.stowage.admin.cluster;

import io.stowage.common.client.ClusterClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The cluster as the admin pages show it: CLUSTER_STATE from the trackers, cached for a second,
 * flattened into sorted server rows with capacity, heartbeat age and days-to-full. Confined to the
 * admin server's event loop.
 */
public final class ClusterView {
  static final long MAX_AGE_MS = 1000;
  private static final long MB = 1024L * 1024;

  private final ClusterClient cluster;
  private final LongSupplier clock;
  private final CapacityForecast forecast = new CapacityForecast();
  private Snapshot latest;
  private Future<Snapshot> inFlight;

  public ClusterView(ClusterClient cluster, LongSupplier clock) {
    this.cluster = cluster;
    this.clock = clock;
  }

  /** One store path: total and free bytes ({@code free} -1 when not reported yet). */
  public record PathRow(int index, long total, long free) {
    JsonObject toJson() {
      JsonObject j = new JsonObject().put("index", index).put("totalBytes", total);
      if (free >= 0) {
        j.put("freeBytes", free).put("usedBytes", total - free).put("usedPct", total == 0 ? 0 : Math.round(1000.0 * (total - free) / total) / 10.0);
      }
      return j;
    }
  }

  /**
   * One storage server. {@code syncBehindBytes} is the most binlog bytes it still has to replay from
   * any peer and {@code syncState} its catch-up state, both from the {@code syncProgress} the server
   * beats (null when it reports none); {@code syncLagMs} is a time lag if a server reports one.
   */
  public record ServerRow(String group, int serverId, String host, int port, String status, List<PathRow> paths, long lastBeatMs,
      Double daysToFull, Long syncLagMs, Long syncBehindBytes, String syncState) {
    public long total() {
      return paths.stream().mapToLong(PathRow::total).sum();
    }

    /** Free bytes, or -1 when any path has not reported. */
    public long free() {
      long f = 0;
      for (PathRow p : paths) {
        if (p.free() < 0) {
          return -1;
        }
        f += p.free();
      }
      return f;
    }

    public JsonObject toJson(long now) {
      JsonArray ps = new JsonArray();
      paths.forEach(p -> ps.add(p.toJson()));
      JsonObject j = new JsonObject().put("group", group).put("serverId", serverId).put("host", host).put("port", port).put("status", status)
          .put("storePaths", ps).put("totalBytes", total()).put("lastBeatMs", lastBeatMs)
          .put("beatAgeSeconds", lastBeatMs > 0 ? Math.max(0, (now - lastBeatMs) / 1000) : null).put("daysToFull", daysToFull)
          .put("syncLagMs", syncLagMs).put("syncBehindBytes", syncBehindBytes).put("syncState", syncState);
      long free = free();
      if (free >= 0) {
        j.put("freeBytes", free).put("usedBytes", total() - free);
      }
      return j;
    }
  }

  /** Per group: member counts and capacity (free = the least free ACTIVE member's, as placement counts it). */
  public record GroupRow(String name, int servers, int active, long totalBytes, long freeBytes, Double daysToFull) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("servers", servers).put("active", active).put("totalBytes", totalBytes)
          .put("freeBytes", freeBytes).put("usedBytes", Math.max(0, totalBytes - freeBytes)).put("daysToFull", daysToFull);
    }
  }

  /** A fetched view; {@code error} set (and lists empty) when no tracker answered. */
  public record Snapshot(long fetchedMs, String leader, List<String> trackers, List<GroupRow> groups, List<ServerRow> servers,
      String error) {
    public long totalBytes() {
      return groups.stream().mapToLong(GroupRow::totalBytes).sum();
    }

    public long freeBytes() {
      return groups.stream().mapToLong(GroupRow::freeBytes).sum();
    }

    public long activeServers() {
      return servers.stream().filter(s -> "ACTIVE".equals(s.status())).count();
    }
  }

  /** The latest view, fetched again when older than a second; concurrent callers share one fetch. */
  public Future<Snapshot> current() {
    long now = clock.getAsLong();
    if (latest != null && now - latest.fetchedMs() < MAX_AGE_MS) {
      return Future.succeededFuture(latest);
    }
    if (inFlight != null) {
      return inFlight;
    }
    Future<Snapshot> f = cluster.clusterState().map(j -> build(j, clock.getAsLong()))
        .recover(e -> Future.succeededFuture(new Snapshot(clock.getAsLong(), null, trackerNames(), List.of(), List.of(),
            "no tracker answered: " + e.getMessage())));
    inFlight = f;
    return f.andThen(ar -> {
      inFlight = null;
      latest = ar.result();
    });
  }

  /** The last view fetched, or null. */
  public Snapshot latest() {
    return latest;
  }

  private List<String> trackerNames() {
    return cluster.trackers().trackers().stream().map(Object::toString).toList();
  }

  Snapshot build(JsonObject state, long now) {
    List<ServerRow> servers = new ArrayList<>();
    List<GroupRow> groups = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    JsonArray gs = state.getJsonArray("groups", new JsonArray());
    for (int i = 0; i < gs.size(); i++) {
      JsonObject g = gs.getJsonObject(i);
      String name = g.getString("name");
      JsonArray ss = g.getJsonArray("servers", new JsonArray());
      List<ServerRow> members = new ArrayList<>();
      for (int k = 0; k < ss.size(); k++) {
        JsonObject s = ss.getJsonObject(k);
        List<PathRow> paths = new ArrayList<>();
        JsonArray ps = s.getJsonArray("storePaths", new JsonArray());
        for (int p = 0; p < ps.size(); p++) {
          JsonObject pj = ps.getJsonObject(p);
          Long freeMb = pj.getLong("freeMb");
          paths.add(new PathRow(pj.getInteger("index", p), pj.getLong("totalMb", 0L) * MB, freeMb == null ? -1 : freeMb * MB));
        }
        int id = s.getInteger("serverId", 0);
        seen.add(id);
        JsonObject sync = s.getValue("syncProgress") instanceof JsonObject j ? j : null;
        Long behind = null;
        if (sync != null && sync.getValue("peers") instanceof JsonArray peers) {
          for (int p = 0; p < peers.size(); p++) {
            if (peers.getValue(p) instanceof JsonObject peer && peer.getValue("behindBytes") instanceof Number n) {
              behind = Math.max(behind == null ? 0 : behind, n.longValue());
            }
          }
        }
        String syncState = sync == null ? null : sync.getString("state");
        ServerRow row = new ServerRow(name, id, s.getString("host", ""), s.getInteger("port", 0), s.getString("status", "UNKNOWN"), paths,
            s.getLong("lastBeatMs", 0L), null, s.getLong("syncLagMs"), behind, syncState);
        long free = row.free();
        if (free >= 0 && "ACTIVE".equals(row.status())) {
          forecast.sample(id, now, free);
        }
        members.add(new ServerRow(row.group(), id, row.host(), row.port(), row.status(), paths, row.lastBeatMs(), forecast.daysToFull(id),
            row.syncLagMs(), behind, syncState));
      }
      members.sort(Comparator.comparingInt(ServerRow::serverId));
      servers.addAll(members);
      long total = 0;
      long free = Long.MAX_VALUE;
      int active = 0;
      Double dtf = null;
      for (ServerRow m : members) {
        if ("ACTIVE".equals(m.status())) {
          active++;
          total = Math.max(total, m.total());
          if (m.free() >= 0) {
            free = Math.min(free, m.free());
          }
          if (m.daysToFull() != null && (dtf == null || m.daysToFull() < dtf)) {
            dtf = m.daysToFull();
          }
        }
      }
      if (active == 0) {
        // Nothing serves the group: show what its members last reported rather than zero.
        total = members.stream().mapToLong(ServerRow::total).max().orElse(0);
        free = members.stream().mapToLong(ServerRow::free).filter(f -> f >= 0).min().orElse(Long.MAX_VALUE);
      }
      groups.add(new GroupRow(name, members.size(), active, total, free == Long.MAX_VALUE ? 0 : free, dtf));
    }
    groups.sort(Comparator.comparing(GroupRow::name));
    servers.sort(Comparator.comparing(ServerRow::group).thenComparingInt(ServerRow::serverId));
    forecast.retain(seen);
    return new Snapshot(now, state.getString("leader"), trackerNames(), List.copyOf(groups), List.copyOf(servers), null);
  }
}
