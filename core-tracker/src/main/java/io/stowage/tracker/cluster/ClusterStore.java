package io.stowage.tracker.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The replicated cluster state as the tracker's handlers see it. Implemented over Raft by the tracker node. */
public interface ClusterStore {
  /** The state as applied on this tracker (a follower's may lag the leader's briefly). */
  ClusterState state();

  /**
   * Proposes a command (see {@link ClusterCommands}) and completes, on the caller's context, with the
   * apply reply once committed; an error reply fails with a {@code ProtoException} of its code.
   */
  Future<JsonObject> submit(JsonObject command);

  /** Whether this tracker is the Raft leader (only the leader runs the heartbeat timeout). */
  boolean isLeader();

  /**
   * The Raft log index of the state {@link #state} returns (-1 when unknown). It only grows, on every
   * tracker, so a storage server that hears from several trackers keeps the newest view.
   */
  default long appliedIndex() {
    return -1;
  }
}
