package io.stowage.tracker.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * SYNC_DONE (230) and SYNC_START (237), internal: {@code {"serverId","epoch"?}} -> the STORAGE_BEAT
 * answer. With {@code epoch}, SYNC_DONE is refused (EAGAIN) when a write to the server was reported
 * failed since it read that epoch.
 * SYNC_START: a WAIT_SYNC server has started copying its group (SYNCING); SYNC_DONE: a WAIT_SYNC or
 * SYNCING server has replayed its peers' binlogs and becomes ACTIVE. Both through Raft.
 */
public final class SyncDoneHandler extends JsonCommandHandler {
  private final boolean start;

  public SyncDoneHandler(TrackerServices services, boolean start) {
    super(services);
    this.start = start;
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    Integer id = body.getValue("serverId") instanceof Integer i ? i : null;
    if (id == null) {
      throw new ProtoException(ErrorCode.EINVAL, "serverId is required");
    }
    String group = services.store().state().server(id).map(s -> s.group())
        .orElseThrow(() -> new ProtoException(ErrorCode.ENOENT, "no server " + id));
    Long epoch = body.getValue("epoch") instanceof Number n ? n.longValue() : null;
    Future<io.stowage.common.cluster.ServerStatus> s = start ? services.membership().syncStart(id) : services.membership().syncDone(id, epoch);
    return s.map(st -> StorageJoinHandler.answer(services, group, st));
  }
}
