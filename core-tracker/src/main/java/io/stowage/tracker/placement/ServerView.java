package io.stowage.tracker.placement;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.ReservedSpace;
import java.util.List;

/**
 * What placement knows about one storage server: its durable membership facts (from the Raft state)
 * joined with the soft facts of its last heartbeat. {@code paths} is empty when this tracker has not
 * heard from the server since it started (free space unknown: no writes go there until it beats).
 */
public record ServerView(int serverId, String group, String host, int port, ServerStatus status, int uploadPriority,
    List<PathUsage> paths, long lastBeatMs) {

  public ServerView {
    paths = List.copyOf(paths);
  }

  public boolean serving() {
    return status.serving();
  }

  public long totalMb() {
    return paths.stream().mapToLong(PathUsage::totalMb).sum();
  }

  public long freeMb() {
    return paths.stream().mapToLong(PathUsage::freeMb).sum();
  }

  /** Serving, usage known, and at least one store path above the reserve. */
  public boolean writable(ReservedSpace reserved) {
    return serving() && paths.stream().anyMatch(p -> p.writable(reserved));
  }
}
