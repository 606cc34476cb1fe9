package io.stowage.tracker.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * REPORT_OUT_OF_SYNC (231), internal: {@code {"reporter","serverId"}} -> {@code {"status"}} (the
 * peer's status after the report). The ACTIVE {@code reporter} failed to replicate a write to
 * {@code serverId}; once this answers, the peer is out of the in-sync set (committed through Raft)
 * and the reporter may acknowledge the write without it. EPERM when the reporter is not ACTIVE.
 */
public final class ReportOutOfSyncHandler extends JsonCommandHandler {
  public ReportOutOfSyncHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    if (!(body.getValue("serverId") instanceof Integer peer) || !(body.getValue("reporter") instanceof Integer reporter)) {
      throw new ProtoException(ErrorCode.EINVAL, "serverId and reporter are required");
    }
    return services.membership().outOfSync(peer, reporter).map(s -> new JsonObject().put("status", s.name())
        .put("stateIndex", services.store().appliedIndex()));
  }
}
