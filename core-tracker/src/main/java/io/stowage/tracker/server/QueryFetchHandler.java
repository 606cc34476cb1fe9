package io.stowage.tracker.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.placement.ServerView;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * QUERY_FETCH_ONE (102), QUERY_UPDATE (103), QUERY_FETCH_ALL (105): which server to download from or
 * change a file on. Request: group 16 + remote filename. The source server ID is decoded from the
 * generated name. Answer: group 16 + ip 15 + port 8 (39 bytes); FETCH_ALL appends (N-1) x (ip 15 +
 * port 8) for the other serving members.
 */
public final class QueryFetchHandler implements CommandHandler {
  /** FastDFS's longest remote filename (slave names included) is well under this. */
  static final int MAX_REMOTE_NAME = 256;

  private final TrackerServices services;
  private final byte cmd;

  public QueryFetchHandler(TrackerServices services, byte cmd) {
    this.services = services;
    this.cmd = cmd;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() <= Wire.GROUP_NAME_LEN || req.bodyLength() > Wire.GROUP_NAME_LEN + MAX_REMOTE_NAME) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body must be group 16 + remote filename"));
    }
    return req.readRest(Wire.GROUP_NAME_LEN + MAX_REMOTE_NAME).compose(body -> {
      String group = Wire.readFixed(body, 0, Wire.GROUP_NAME_LEN);
      FileId id = FileId.parseRemote(group, Wire.string(body, Wire.GROUP_NAME_LEN));
      int source = GeneratedName.decode(id.name()).serverId();
      GroupView g = Placement.find(services.groups(), group);
      Placement p = services.placement();
      Buffer out = Buffer.buffer(39);
      Wire.appendFixed(out, g.name(), Wire.GROUP_NAME_LEN);
      if (cmd == Commands.QUERY_UPDATE) {
        QueryStoreHandler.appendServer(out, p.chooseUpdate(g, source));
      } else if (cmd == Commands.QUERY_FETCH_ONE) {
        QueryStoreHandler.appendServer(out, p.chooseFetch(g, source));
      } else {
        List<ServerView> servers = p.fetchAll(g, source);
        servers.forEach(s -> QueryStoreHandler.appendServer(out, s));
      }
      return req.ok(out);
    });
  }
}
