package io.stowage.storage.replication;

import io.stowage.common.cluster.ServerStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The storage server's current view of its group ({@link GroupMembers}), updated by the tracker
 * link on every join/beat answer, by catch-up on SYNC_START/SYNC_DONE and by the replicator when it
 * reports a peer out of sync. Thread-safe.
 *
 * <p>It also holds the members this server has <em>admitted</em> (MEMBER_ADMIT): a catching-up
 * member about to report SYNC_DONE asks every ACTIVE peer to send it every write from then on, so
 * that no write is acknowledged without it between its SYNC_DONE and this server's next beat. An
 * admitted member counts as in sync here until the trackers say ACTIVE (then it is), until a write
 * to it fails (it is reported), or for at most {@link #ADMISSION_MS}.
 */
public final class Membership {
  public static final long ADMISSION_MS = 60_000;

  private final LongSupplier clock;
  private GroupMembers fromTracker = GroupMembers.UNKNOWN;
  private final Map<Integer, Long> admitted = new HashMap<>();
  private final List<ServerStatus> history = new ArrayList<>();
  private long stateIndex = -1;
  private volatile long trackerAnsweredMs;

  public Membership(LongSupplier clock) {
    this.clock = clock;
  }

  public Membership() {
    this(System::currentTimeMillis);
  }

  /** The effective view: the trackers' one, with admitted catching-up members counted as ACTIVE. */
  public synchronized GroupMembers view() {
    long now = clock.getAsLong();
    admitted.values().removeIf(until -> until < now);
    if (admitted.isEmpty()) {
      return fromTracker;
    }
    List<GroupMembers.Member> l = new ArrayList<>();
    for (GroupMembers.Member m : fromTracker.members()) {
      boolean catchingUp = m.status() == ServerStatus.WAIT_SYNC || m.status() == ServerStatus.SYNCING;
      l.add(catchingUp && admitted.containsKey(m.serverId())
          ? new GroupMembers.Member(m.serverId(), m.host(), m.port(), ServerStatus.ACTIVE, m.syncEpoch()) : m);
    }
    return new GroupMembers(fromTracker.self(), l, fromTracker.minWriteReplicas());
  }

  public ServerStatus selfStatus() {
    return view().self();
  }

  /** Applies a change to the trackers' view (an answer, or a peer reported out of sync). */
  public synchronized void update(UnaryOperator<GroupMembers> f) {
    GroupMembers next = f.apply(fromTracker);
    if (next.self() != fromTracker.self() || history.isEmpty()) {
      history.add(next.self());
    }
    fromTracker = next;
    for (GroupMembers.Member m : next.members()) {
      if (m.status() != ServerStatus.WAIT_SYNC && m.status() != ServerStatus.SYNCING) {
        admitted.remove(m.serverId()); // ACTIVE now (or gone): the trackers' word stands
      }
    }
  }

  /** A tracker answered a join or beat just now: the write lease starts again. */
  public void trackerAnswered() {
    trackerAnsweredMs = clock.getAsLong();
  }

  /**
   * Whether this server has not heard from any tracker for longer than {@code leaseMs} after having
   * heard from one. Such a server may have been paused (SIGSTOP) or cut off and replaced in the
   * in-sync set meanwhile, so it must not apply writes it finds waiting in its sockets: a late
   * index write would carry a fresh clock and win over newer, acknowledged ones. Before the first
   * answer the lease does not apply (the server is not routed to before it has joined).
   */
  public boolean writeLeaseExpired(long leaseMs) {
    long last = trackerAnsweredMs;
    return last > 0 && clock.getAsLong() - last > leaseMs;
  }

  /** MEMBER_ADMIT: from now on {@code serverId} gets (and must take) every write. */
  public synchronized void admit(int serverId) {
    admitted.put(serverId, clock.getAsLong() + ADMISSION_MS);
  }

  /** A write to {@code serverId} failed: it is no longer admitted. */
  public synchronized void dropAdmission(int serverId) {
    admitted.remove(serverId);
  }

  /**
   * Applies a tracker's STORAGE_JOIN/BEAT/SYNC_* answer unless it is older than the view already
   * held: with several trackers, a follower may answer from a state that lags what another tracker
   * already told this server. Answers carry the Raft index of their state ({@code stateIndex});
   * answers without one are always applied. Returns whether it was applied.
   */
  public synchronized boolean accept(io.vertx.core.json.JsonObject answer) {
    long index = answer.getLong("stateIndex", -1L);
    if (index >= 0 && index < stateIndex) {
      return false;
    }
    stateIndex = Math.max(stateIndex, index);
    update(old -> GroupMembers.fromAnswer(answer, old));
    return true;
  }

  /** Notes that the trackers' state has reached {@code index} (e.g. a committed REPORT_OUT_OF_SYNC). */
  public synchronized void observeIndex(long index) {
    stateIndex = Math.max(stateIndex, index);
  }

  /** The Raft index of the newest tracker answer applied (-1 before any). */
  public synchronized long stateIndex() {
    return stateIndex;
  }

  /** The statuses the trackers gave this server, oldest first, without repeats. */
  public synchronized List<ServerStatus> history() {
    return List.copyOf(history);
  }
}
