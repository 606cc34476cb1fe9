package io.stowage.tracker.placement;

import io.stowage.common.config.ReservedSpace;
import java.util.List;

/** One group (volume) and its servers, as placement sees it. */
public record GroupView(String name, List<ServerView> servers) {
  public GroupView {
    servers = List.copyOf(servers);
  }

  public List<ServerView> serving() {
    return servers.stream().filter(ServerView::serving).toList();
  }

  /**
   * Free space of the group: the least free space of its serving members, since every write is
   * replicated to all of them (FastDFS likewise reports a group's free space as its members' minimum).
   * 0 when no serving member has reported usage.
   */
  public long freeMb() {
    return serving().stream().filter(s -> !s.paths().isEmpty()).mapToLong(ServerView::freeMb).min().orElse(0);
  }

  public long totalMb() {
    return serving().stream().filter(s -> !s.paths().isEmpty()).mapToLong(ServerView::totalMb).min().orElse(0);
  }

  /**
   * Whether the group takes new files: it has a serving member and every serving member is writable
   * (a write must land on all in-sync members, so one full member fills the group).
   */
  public boolean writable(ReservedSpace reserved) {
    List<ServerView> s = serving();
    return !s.isEmpty() && s.stream().allMatch(v -> v.writable(reserved));
  }
}
