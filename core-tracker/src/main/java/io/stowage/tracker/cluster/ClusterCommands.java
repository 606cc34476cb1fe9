package io.stowage.tracker.cluster;

import io.stowage.common.cluster.ServerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The JSON commands that change the durable cluster state, one per Raft log entry. Each has a
 * {@code "type"}; anything time-dependent (join time, creation time) is decided by the proposer and
 * carried in the command, so applying a command is deterministic on every tracker. Adding a command
 * type = a builder here plus a case in {@link ClusterState#apply}.
 *
 * <p>Every apply answers {@code {"ok":true,...}} or {@code {"ok":false,"error":"<ErrorCode name>",
 * "message":...}} and leaves the state unchanged on error.
 */
public final class ClusterCommands {
  private ClusterCommands() {}

  public static final String JOIN_SERVER = "joinServer";
  public static final String SET_STATUS = "setStatus";
  public static final String REMOVE_SERVER = "removeServer";
  public static final String RESUME_SERVER = "resumeServer";
  public static final String SYNC_DONE = "syncDone";
  public static final String SYNC_START = "syncStart";
  public static final String OUT_OF_SYNC = "outOfSync";
  public static final String DELETE_SERVER = "deleteServer";
  public static final String PUT_BUCKET = "putBucket";
  public static final String DELETE_BUCKET = "deleteBucket";
  public static final String PUT_CREDENTIAL = "putCredential";
  public static final String DELETE_CREDENTIAL = "deleteCredential";

  /** Registers a server or updates its address and store paths; it becomes ACTIVE. Answers its status and join time. */
  public static JsonObject joinServer(ServerRecord s, long nowMs) {
    JsonObject j = s.toJson();
    j.remove("status");
    j.remove("joinTime");
    return j.put("type", JOIN_SERVER).put("time", nowMs);
  }

  /** Sets a server's status; with a non-empty {@code from}, only when its current status is one of them. */
  public static JsonObject setStatus(int serverId, ServerStatus status, Collection<ServerStatus> from) {
    List<String> f = new ArrayList<>();
    from.forEach(s -> f.add(s.name()));
    return new JsonObject().put("type", SET_STATUS).put("serverId", serverId).put("status", status.name()).put("from", new JsonArray(f));
  }

  /** An OFFLINE server beats again: ACTIVE when no other member is, else SYNCING. */
  public static JsonObject resumeServer(int serverId) {
    return new JsonObject().put("type", RESUME_SERVER).put("serverId", serverId);
  }

  /** A WAIT_SYNC server has started copying from its peers: SYNCING. */
  public static JsonObject syncStart(int serverId) {
    return new JsonObject().put("type", SYNC_START).put("serverId", serverId);
  }

  /** A WAIT_SYNC or SYNCING server has caught up: ACTIVE. */
  public static JsonObject syncDone(int serverId) {
    return new JsonObject().put("type", SYNC_DONE).put("serverId", serverId);
  }

  /** SYNC_DONE made at {@code epoch}: refused (EAGAIN) when a write to the server failed since. */
  public static JsonObject syncDone(int serverId, long epoch) {
    return syncDone(serverId).put("epoch", epoch);
  }

  /** ACTIVE {@code reporter} could not replicate a write to {@code serverId}: it leaves the in-sync set. */
  public static JsonObject outOfSync(int serverId, int reporter) {
    return new JsonObject().put("type", OUT_OF_SYNC).put("serverId", serverId).put("reporter", reporter);
  }

  /**
   * An administrator removes a server from its group: DELETED (kept, so its beats are answered that
   * way). Refused (EBUSY) for an ACTIVE server when fewer than {@code max(1, minActive)} ACTIVE
   * members would remain, and for an OFFLINE one when no other member is ACTIVE; {@code minActive} is the group's min_write_replicas on the proposing
   * tracker, carried so that applying stays deterministic.
   */
  public static JsonObject deleteServer(int serverId, int minActive) {
    return new JsonObject().put("type", DELETE_SERVER).put("serverId", serverId).put("minActive", minActive);
  }

  /** A join from a server whose data is empty (it may re-join after being DELETED, as a new member). */
  public static JsonObject joinServer(ServerRecord s, long nowMs, boolean fresh) {
    return joinServer(s, nowMs).put("fresh", fresh);
  }

  public static JsonObject removeServer(int serverId) {
    return new JsonObject().put("type", REMOVE_SERVER).put("serverId", serverId);
  }

  /** Registers a new bucket on an existing group; EEXIST (with the existing bucket) if the name is taken. */
  public static JsonObject putBucket(String name, String homeGroup, String owner, long nowMs) {
    return new JsonObject().put("type", PUT_BUCKET).put("name", name).put("homeGroup", homeGroup).put("owner", owner).put("time", nowMs);
  }

  public static JsonObject deleteBucket(String name) {
    return new JsonObject().put("type", DELETE_BUCKET).put("name", name);
  }

  /** Creates or replaces an access key (keeping its creation time). */
  public static JsonObject putCredential(String accessKey, String secretKey, boolean enabled, List<String> grants, long nowMs) {
    return new JsonObject().put("type", PUT_CREDENTIAL).put("accessKey", accessKey).put("secretKey", secretKey)
        .put("enabled", enabled).put("grants", new JsonArray(new ArrayList<>(grants))).put("time", nowMs);
  }

  public static JsonObject putCredential(String accessKey, String secretKey, List<String> grants, long nowMs) {
    return putCredential(accessKey, secretKey, true, grants, nowMs);
  }

  public static JsonObject deleteCredential(String accessKey) {
    return new JsonObject().put("type", DELETE_CREDENTIAL).put("accessKey", accessKey);
  }
}
