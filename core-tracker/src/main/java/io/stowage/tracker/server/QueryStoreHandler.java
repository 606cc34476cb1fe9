package io.stowage.tracker.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.placement.ServerView;
import io.stowage.tracker.placement.StoreTarget;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * QUERY_STORE_{WITHOUT,WITH}_GROUP_{ONE,ALL} (101, 104, 106, 107): where to upload. Request: empty or
 * group 16. Answer ONE: group 16 + ip 15 + port 8 + store path index 1 (40 bytes); ALL: group 16 +
 * N x (ip 15 + port 8) + store path index 1, the chosen server first. ENOENT for an unknown group,
 * ENOSPC when nothing can take the write.
 */
public final class QueryStoreHandler implements CommandHandler {
  private final TrackerServices services;
  private final boolean withGroup;
  private final boolean all;

  public QueryStoreHandler(TrackerServices services, boolean withGroup, boolean all) {
    this.services = services;
    this.withGroup = withGroup;
    this.all = all;
  }

  @Override
  public Future<Void> handle(Request req) {
    int expected = withGroup ? Wire.GROUP_NAME_LEN : 0;
    if (req.bodyLength() != expected) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body must be " + expected + " bytes"));
    }
    return req.readRest(expected).compose(body -> {
      Placement p = services.placement();
      StoreTarget t = withGroup ? p.chooseStore(services.groups(), Wire.readFixed(body, 0, Wire.GROUP_NAME_LEN))
          : p.chooseStore(services.groups());
      Buffer out = Buffer.buffer(40);
      Wire.appendFixed(out, t.group().name(), Wire.GROUP_NAME_LEN);
      appendServer(out, t.server());
      if (all) {
        for (ServerView s : p.writableServers(t.group())) {
          if (s.serverId() != t.server().serverId()) {
            appendServer(out, s);
          }
        }
      }
      out.appendByte((byte) t.storePathIndex());
      return req.ok(out);
    });
  }

  static void appendServer(Buffer out, ServerView s) {
    Wire.appendFixed(out, s.host(), Wire.IP_ADDR_LEN);
    out.appendLong(s.port());
  }
}
