package io.stowage.tracker.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * SYNC_DONE (230), internal: {@code {"serverId","group"}} -> the STORAGE_BEAT answer. A WAIT_SYNC
 * or SYNCING server has replayed its peers' binlogs and becomes ACTIVE (through Raft).
 */
public final class SyncDoneHandler extends JsonCommandHandler {
  public SyncDoneHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    Integer id = body.getValue("serverId") instanceof Integer i ? i : null;
    if (id == null) {
      throw new ProtoException(ErrorCode.EINVAL, "serverId is required");
    }
    String group = services.store().state().server(id).map(s -> s.group())
        .orElseThrow(() -> new ProtoException(ErrorCode.ENOENT, "no server " + id));
    return services.membership().syncDone(id).map(s -> StorageJoinHandler.answer(services, group, s));
  }
}
