package io.stowage.storage.replication;

import io.stowage.common.cluster.ServerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The storage server's current view of its group ({@link GroupMembers}), updated by the tracker
 * link on every join/beat answer, by catch-up on SYNC_DONE and by the replicator when it reports a
 * peer out of sync. Also remembers the sequence of statuses the trackers gave this server (for
 * status output and tests). Thread-safe.
 */
public final class Membership {
  private GroupMembers view = GroupMembers.UNKNOWN;
  private final List<ServerStatus> history = new ArrayList<>();

  public synchronized GroupMembers view() {
    return view;
  }

  public ServerStatus selfStatus() {
    return view().self();
  }

  public synchronized void update(UnaryOperator<GroupMembers> f) {
    GroupMembers next = f.apply(view);
    if (next.self() != view.self() || history.isEmpty()) {
      history.add(next.self());
    }
    view = next;
  }

  /** The statuses the trackers gave this server, oldest first, without repeats. */
  public synchronized List<ServerStatus> history() {
    return List.copyOf(history);
  }
}
