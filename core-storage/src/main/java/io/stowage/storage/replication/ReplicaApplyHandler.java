package io.stowage.storage.replication;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * REPLICA_APPLY (233), storage -> storage: {@code {"op":"delete"|"pullFile"|"pullMeta","fileId",
 * "source":"host:port","binlogOp","extra"}} -> {@code {"changed":bool}}. Applies a change the
 * origin has made to one file: deletes it, or pulls the whole current data file (appends, modifies,
 * truncates, slave and renamed files) or its metadata from {@code source}, durable before the
 * answer (see {@link Applier}).
 */
public final class ReplicaApplyHandler implements CommandHandler {
  private final Applier applier;

  public ReplicaApplyHandler(Applier applier) {
    this.applier = applier;
  }

  @Override
  public Future<Void> handle(Request req) {
    return req.readRest(64 * 1024).compose(b -> {
      JsonObject j = new JsonObject(b);
      FileId id = FileId.parse(j.getString("fileId", ""));
      applier.context().store().parse(id.group(), id.remoteFilename());
      String op = j.getString("op", "");
      Future<Boolean> done = switch (op) {
        case "delete" -> applier.delete(id);
        case "pullFile" -> applier.pullFile(applier.context().replicator().pool(), source(j), id, false,
            j.getString("binlogOp", "C").charAt(0), j.getString("extra"));
        case "pullMeta" -> applier.pullMeta(applier.context().replicator().pool(), source(j), id);
        default -> Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "unknown replica op '" + op + "'"));
      };
      return done;
    }).compose(changed -> req.ok(Buffer.buffer(new JsonObject().put("changed", changed).encode())));
  }

  private static HostPort source(JsonObject j) {
    return HostPort.parse("source", j.getString("source", ""));
  }
}
