package io.stowage.tracker.cluster;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage server membership: joins and re-joins go through Raft; beats only refresh soft state
 * unless they bring an OFFLINE server back; the leader marks servers OFFLINE (through Raft) when
 * their beats stop for the heartbeat timeout.
 *
 * <p>A joining server's status is decided when the join is applied ({@link ClusterState#joinStatus}):
 * ACTIVE when no other member of its group is, else WAIT_SYNC (new), SYNCING (back from downtime)
 * or ACTIVE (an identical re-join of an in-sync server). WAIT_SYNC/SYNCING servers become ACTIVE
 * on SYNC_DONE; an ACTIVE member that fails a write is taken out (SYNCING) on REPORT_OUT_OF_SYNC.
 */
public final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);
  /** Statuses a silent server is taken out of. */
  private static final Set<ServerStatus> ALIVE =
      EnumSet.of(ServerStatus.INIT, ServerStatus.WAIT_SYNC, ServerStatus.SYNCING, ServerStatus.ONLINE, ServerStatus.ACTIVE);

  private final ClusterStore store;
  private final SoftState soft;
  private final long timeoutMs;
  private final LongSupplier clock;
  private final Set<Integer> pending = ConcurrentHashMap.newKeySet();
  private volatile long leaderSinceMs = -1;

  public Membership(ClusterStore store, SoftState soft, Duration heartbeatTimeout, LongSupplier clock) {
    this.store = store;
    this.soft = soft;
    this.timeoutMs = heartbeatTimeout.toMillis();
    this.clock = clock;
  }

  public Future<ServerStatus> join(JoinRequest r) {
    return join(r, false);
  }

  /**
   * A join; {@code fresh} = the server's data directory is empty, which lets a DELETED server back in
   * as a new member. A DELETED server that is not fresh stays DELETED (answered, not an error, so it
   * learns why it is not taken back).
   */
  public Future<ServerStatus> join(JoinRequest r, boolean fresh) {
    ServerRecord existing = store.state().server(r.serverId()).orElse(null);
    if (existing != null && existing.status() == ServerStatus.ACTIVE && r.sameAs(existing)) {
      record(r);
      return Future.succeededFuture(ServerStatus.ACTIVE);
    }
    if (existing != null && existing.status() == ServerStatus.DELETED && (!fresh || !existing.group().equals(r.group()))) {
      return Future.succeededFuture(ServerStatus.DELETED);
    }
    // The beat is recorded before the join is submitted: a timeout check running while the join
    // commits must see the server as just heard from, or it could mark the new member OFFLINE.
    record(r);
    return store.submit(ClusterCommands.joinServer(r.toRecord(), clock.getAsLong(), fresh)).map(reply -> {
      record(r);
      ServerStatus s = ServerStatus.valueOf(reply.getString("status"));
      log.info("storage server {} ({}:{}) joined group {} as {}", r.serverId(), r.host(), r.port(), r.group(), s);
      return s;
    });
  }

  public Future<ServerStatus> beat(JoinRequest r) {
    ServerRecord existing = store.state().server(r.serverId()).orElse(null);
    if (existing == null) {
      return Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "server " + r.serverId() + " has not joined"));
    }
    if (!existing.group().equals(r.group())) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "server " + r.serverId() + " is in group " + existing.group()));
    }
    if (existing.status() == ServerStatus.DELETED) {
      return Future.succeededFuture(ServerStatus.DELETED); // removed: no soft state, never resumed
    }
    record(r);
    if (existing.status() == ServerStatus.OFFLINE) {
      return store.submit(ClusterCommands.resumeServer(r.serverId())).map(reply -> {
        log.info("storage server {} is beating again: {}", r.serverId(), reply.getString("status"));
        return ServerStatus.valueOf(reply.getString("status"));
      });
    }
    return Future.succeededFuture(existing.status());
  }

  private void record(JoinRequest r) {
    soft.record(r.serverId(), new SoftState.Beat(clock.getAsLong(), r.storePaths(), r.upTime(), r.syncProgress()));
  }

  /** A WAIT_SYNC or SYNCING server reports it has caught up (SYNC_DONE): it becomes ACTIVE through Raft. */
  public Future<ServerStatus> syncDone(int serverId) {
    return syncDone(serverId, null);
  }

  /** SYNC_DONE made at {@code epoch} (null = unconditional): EAGAIN when a write to it failed since. */
  public Future<ServerStatus> syncDone(int serverId, Long epoch) {
    return store.submit(epoch == null ? ClusterCommands.syncDone(serverId) : ClusterCommands.syncDone(serverId, epoch)).map(reply -> {
      if (reply.getBoolean("changed", false)) {
        log.info("storage server {} caught up: ACTIVE", serverId);
      }
      return ServerStatus.valueOf(reply.getString("status"));
    });
  }

  /** A WAIT_SYNC server has started copying (SYNC_START): SYNCING through Raft. */
  public Future<ServerStatus> syncStart(int serverId) {
    return store.submit(ClusterCommands.syncStart(serverId)).map(reply -> {
      if (reply.getBoolean("changed", false)) {
        log.info("storage server {} is copying its group: SYNCING", serverId);
      }
      return ServerStatus.valueOf(reply.getString("status"));
    });
  }

  /**
   * An ACTIVE member could not replicate a write to {@code peer} (REPORT_OUT_OF_SYNC): the peer
   * leaves the in-sync set through Raft before the write is acknowledged without it.
   */
  public Future<ServerStatus> outOfSync(int peer, int reporter) {
    return store.submit(ClusterCommands.outOfSync(peer, reporter)).map(reply -> {
      if (reply.getBoolean("changed", false)) {
        log.warn("storage server {} reported out of sync by {}: SYNCING", peer, reporter);
      }
      return ServerStatus.valueOf(reply.getString("status"));
    });
  }

  /**
   * Removes a server from its group (DELETED) through Raft; EBUSY when it is ACTIVE and fewer than
   * {@code minActive} (at least 1) other ACTIVE members would remain, or OFFLINE with no ACTIVE peer.
   */
  public Future<ServerStatus> delete(int serverId, int minActive) {
    return store.submit(ClusterCommands.deleteServer(serverId, minActive)).map(reply -> {
      if (reply.getBoolean("changed", false)) {
        log.warn("storage server {} deleted from group {}: it serves no more reads or writes", serverId, reply.getString("group"));
      }
      return ServerStatus.valueOf(reply.getString("status"));
    });
  }

  /** The members of {@code group} as storage servers learn them: serverId, host, port, status. */
  public io.vertx.core.json.JsonArray members(String group) {
    io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
    for (ServerRecord s : store.state().servers().values()) {
      if (s.group().equals(group) && s.status() != ServerStatus.DELETED) { // removed servers are nobody's peers
        a.add(new io.vertx.core.json.JsonObject().put("serverId", s.serverId()).put("host", s.host()).put("port", s.port())
            .put("status", s.status().name()).put("syncEpoch", s.syncEpoch()));
      }
    }
    return a;
  }

  /**
   * On the leader, marks OFFLINE every live server not heard from for the heartbeat timeout (counted
   * at the earliest from when this tracker became leader, since a new leader has no beats yet).
   * Completes with the IDs it marked.
   */
  public Future<List<Integer>> checkTimeouts() {
    if (!store.isLeader()) {
      leaderSinceMs = -1;
      return Future.succeededFuture(List.of());
    }
    long now = clock.getAsLong();
    if (leaderSinceMs < 0) {
      leaderSinceMs = now;
    }
    List<Future<Integer>> marks = new ArrayList<>();
    for (ServerRecord s : store.state().servers().values()) {
      if (!ALIVE.contains(s.status()) || pending.contains(s.serverId())) {
        continue;
      }
      long last = Math.max(soft.beat(s.serverId()).map(SoftState.Beat::lastBeatMs).orElse(0L), leaderSinceMs);
      if (now - last < timeoutMs) {
        continue;
      }
      pending.add(s.serverId());
      marks.add(store.submit(ClusterCommands.setStatus(s.serverId(), ServerStatus.OFFLINE, List.of(s.status())))
          .map(reply -> {
            if (reply.getBoolean("changed", false)) {
              log.warn("storage server {} ({}:{}) silent for {} ms: OFFLINE", s.serverId(), s.host(), s.port(), now - last);
            }
            return s.serverId();
          })
          .onFailure(e -> log.warn("cannot mark server {} offline: {}", s.serverId(), e.getMessage()))
          .onComplete(ar -> pending.remove(s.serverId())));
    }
    return Future.join(marks).map(cf -> {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < marks.size(); i++) {
        if (marks.get(i).succeeded()) {
          ids.add(marks.get(i).result());
        }
      }
      return ids;
    }).recover(e -> {
      List<Integer> ids = new ArrayList<>();
      marks.stream().filter(Future::succeeded).forEach(f -> ids.add(f.result()));
      return Future.succeededFuture(ids);
    });
  }
}
