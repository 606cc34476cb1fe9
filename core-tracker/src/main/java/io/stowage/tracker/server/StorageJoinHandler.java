package io.stowage.tracker.server;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.tracker.cluster.JoinRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * STORAGE_JOIN (201) and STORAGE_BEAT (202), internal: a storage server registers (through Raft) or
 * reports that it is alive with its disk usage and sync progress (soft state). Answer: see {@link #answer}.
 */
public final class StorageJoinHandler implements CommandHandler {
  static final int MAX_BODY = 64 * 1024;

  private final TrackerServices services;
  private final boolean beat;

  public StorageJoinHandler(TrackerServices services, boolean beat) {
    this.services = services;
    this.beat = beat;
  }

  /**
   * {@code {"status","members":[{"serverId","host","port","status"}],"minWriteReplicas"}}: the
   * server's status, its group as this tracker knows it (the in-sync set = the ACTIVE members) and
   * how many copies a write needs. A DELETED server gets no members.
   */
  static JsonObject answer(TrackerServices services, String group, ServerStatus s) {
    long index = services.store().appliedIndex(); // read first: the members below are at least this new
    if (s == ServerStatus.DELETED) {
      // a removed server has no peers and must not write: it learns only that it was removed
      return new JsonObject().put("status", s.name()).put("members", new io.vertx.core.json.JsonArray())
          .put("minWriteReplicas", services.config().minWriteReplicas(group)).put("stateIndex", index);
    }
    return new JsonObject().put("status", s.name()).put("members", services.membership().members(group))
        .put("minWriteReplicas", services.config().minWriteReplicas(group)).put("stateIndex", index);
  }

  @Override
  public Future<Void> handle(Request req) {
    String remote = req.socket().remoteAddress().hostAddress();
    return req.readRest(MAX_BODY).compose(body -> {
      JsonObject json = TrackerServices.json(body);
      JoinRequest r = JoinRequest.fromJson(json, remote);
      boolean fresh = json.getValue("fresh") instanceof Boolean b && b;
      Future<ServerStatus> status = beat ? services.membership().beat(r) : services.membership().join(r, fresh);
      if (json.getValue("scrub") instanceof JsonObject scrub) {
        status = status.onSuccess(s -> services.soft().recordScrub(r.serverId(), scrub));
      }
      return status.compose(s -> req.ok(Buffer.buffer(answer(services, r.group(), s).encode())));
    });
  }
}
