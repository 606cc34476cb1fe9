package io.stowage.storage.replication;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * MEMBER_ADMIT (238), storage -> storage: {@code {"serverId"}} -> {@code {}}. A catching-up member
 * has replayed this server's binlog: from now on every write here is sent to it synchronously (it
 * counts as in sync, {@link Membership#admit}), and the answer waits until the writes already in
 * flight, which may not include it, are logged and settled. The member then replays once more and
 * reports SYNC_DONE, so no write is acknowledged without it between its SYNC_DONE and this server
 * learning from a beat that it is ACTIVE.
 */
public final class MemberAdmitHandler implements CommandHandler {
  private final Replicator replicator;

  public MemberAdmitHandler(Replicator replicator) {
    this.replicator = replicator;
  }

  @Override
  public Future<Void> handle(Request req) {
    return req.readRest(4096).compose(b -> {
      JsonObject j = b.length() == 0 ? new JsonObject() : new JsonObject(b);
      if (!(j.getValue("serverId") instanceof Integer id)) {
        throw new ProtoException(ErrorCode.EINVAL, "serverId is required");
      }
      if (replicator.membership().view().members().stream().noneMatch(m -> m.serverId() == id
          && (m.status() == ServerStatus.WAIT_SYNC || m.status() == ServerStatus.SYNCING || m.status() == ServerStatus.ACTIVE))) {
        // not known here as catching up yet (a beat behind): admitting it would change nothing
        throw new ProtoException(ErrorCode.EAGAIN, "server " + id + " is not known here as a catching-up member yet");
      }
      replicator.membership().admit(id);
      return replicator.drain();
    }).compose(v -> req.ok(Buffer.buffer("{}")));
  }
}
