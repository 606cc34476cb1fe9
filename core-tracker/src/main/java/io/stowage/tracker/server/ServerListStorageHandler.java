package io.stowage.tracker.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.cluster.ServerRecord;
import io.stowage.tracker.cluster.SoftState;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.placement.ServerView;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * SERVER_LIST_STORAGE (92): request group 16 [+ storage id 16]; answer the storage-stat records of the
 * group's servers (or of the one whose ID or address matches). ENOENT for an unknown group or server.
 */
public final class ServerListStorageHandler implements CommandHandler {
  private final TrackerServices services;

  public ServerListStorageHandler(TrackerServices services) {
    this.services = services;
  }

  @Override
  public Future<Void> handle(Request req) {
    long len = req.bodyLength();
    if (len != Wire.GROUP_NAME_LEN && len != Wire.GROUP_NAME_LEN + Wire.STORAGE_ID_LEN) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body must be group 16 [+ storage id 16]"));
    }
    return req.readRest((int) len).compose(body -> {
      GroupView g = Placement.find(services.groups(), Wire.readFixed(body, 0, Wire.GROUP_NAME_LEN));
      String only = len > Wire.GROUP_NAME_LEN ? Wire.readFixed(body, Wire.GROUP_NAME_LEN, Wire.STORAGE_ID_LEN) : "";
      List<ServerView> servers = g.servers().stream()
          .filter(s -> only.isEmpty() || only.equals(Integer.toString(s.serverId())) || only.equals(s.host()))
          .toList();
      if (servers.isEmpty()) {
        throw new ProtoException(ErrorCode.ENOENT, "no storage server " + only + " in group " + g.name());
      }
      StatLayout layout = services.config().statLayout();
      Buffer out = Buffer.buffer(servers.size() * StatRecords.storageSize(layout));
      for (ServerView s : servers) {
        ServerRecord r = services.store().state().server(s.serverId()).orElse(null);
        long upTime = services.soft().beat(s.serverId()).map(SoftState.Beat::upTime).orElse(0L);
        StatRecords.storage(layout, Stats.storage(s, r, upTime, services.placement()), out);
      }
      return req.ok(out);
    });
  }
}
