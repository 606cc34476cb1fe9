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
 * MEMBER_ADMIT (238), storage -> storage: {@code {"serverId","host"?,"port"?}} -> {@code {}}. A catching-up member
 * has replayed this server's binlog: from now on every write here is sent to it synchronously (it
 * counts as in sync, {@link Membership#admit}), and the answer waits until the writes already in
 * flight, which may not include it, are logged and settled. The member then replays once more and
 * reports SYNC_DONE, so no write is acknowledged without it between its SYNC_DONE and this server
 * learning from a beat that it is ACTIVE.
 *
 * <p>The member's address ({@code host}/{@code port}, the one it reports to the trackers) must be the
 * one this server's view holds: a member restarted on another port is refused (EAGAIN) until this
 * server's next beat brings the new address, else the writes meant for it would go to the old one.
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
      admissible(replicator.membership().view(), id, j);
      replicator.membership().admit(id);
      return replicator.drain();
    }).compose(v -> req.ok(Buffer.buffer("{}")));
  }

  /**
   * Checks that {@code view} knows member {@code id} as catching up (or ACTIVE) at the address the
   * request names ({@code "host"} optional, {@code "port"}; absent = not checked); returns that member.
   * EAGAIN otherwise: not known yet, or known at an address it had before a restart (this server has
   * not beaten since). Admitted then, every write would go to the dead address, fail, and take the
   * member out of sync again right after its SYNC_DONE, acknowledged without it.
   */
  static GroupMembers.Member admissible(GroupMembers view, int id, JsonObject req) {
    GroupMembers.Member known = view.members().stream().filter(m -> m.serverId() == id
        && (m.status() == ServerStatus.WAIT_SYNC || m.status() == ServerStatus.SYNCING || m.status() == ServerStatus.ACTIVE))
        .findFirst().orElse(null);
    if (known == null) {
      // not known here as catching up yet (a beat behind): admitting it would change nothing
      throw new ProtoException(ErrorCode.EAGAIN, "server " + id + " is not known here as a catching-up member yet");
    }
    if (req.getValue("port") instanceof Integer port) {
      String host = req.getValue("host") instanceof String h && !h.isBlank() ? h : known.host();
      if (port != known.port() || !host.equals(known.host())) {
        throw new ProtoException(ErrorCode.EAGAIN, "server " + id + " is known here at " + known.address() + ", not at "
            + host + ":" + port + " yet (restarted; waiting for the next beat)");
      }
    }
    return known;
  }
}
