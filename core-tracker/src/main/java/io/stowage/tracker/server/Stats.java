package io.stowage.tracker.server;

import io.stowage.common.config.ReservedSpace;
import io.stowage.tracker.cluster.ServerRecord;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.placement.ServerView;
import java.util.List;

/** Builds the stat-record figures from the cluster view. */
final class Stats {
  private Stats() {}

  static long reservedMb(ReservedSpace r, long totalMb) {
    return r.percent() > 0 ? (long) (totalMb * r.percent() / 100.0) : r.bytes() >> 20;
  }

  static StatRecords.GroupStat group(GroupView g, Placement p) {
    List<ServerView> servers = g.servers();
    int active = (int) servers.stream().filter(ServerView::serving).count();
    int writable = g.writable(p.reserved(g.name())) ? active : 0;
    int lastId = p.currentWriteServer(g.name());
    int current = 0;
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).serverId() == lastId) {
        current = i;
      }
    }
    int port = servers.isEmpty() ? 0 : servers.get(0).port();
    int paths = servers.stream().mapToInt(s -> s.paths().size()).max().orElse(0);
    long total = g.totalMb();
    return new StatRecords.GroupStat(g.name(), total, g.freeMb(), reservedMb(p.reserved(g.name()), total), servers.size(), port,
        active, writable, active, current, paths, 256);
  }

  static StatRecords.StorageStat storage(ServerView s, ServerRecord r, long upTime, Placement p) {
    long total = s.totalMb();
    int pathCount = r != null ? r.storePaths().size() : s.paths().size();
    return new StatRecords.StorageStat(s.status().code(), Integer.toString(s.serverId()), s.host(), r != null ? r.version() : "",
        r != null ? r.joinTime() / 1000 : 0, upTime, total, s.freeMb(), reservedMb(p.reserved(s.group()), total), s.uploadPriority(),
        pathCount, r != null ? r.subdirCount() : 256, p.currentWritePath(s.serverId()), s.port(), s.lastBeatMs() / 1000);
  }
}
