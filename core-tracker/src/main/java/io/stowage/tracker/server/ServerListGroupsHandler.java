package io.stowage.tracker.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * SERVER_LIST_ONE_GROUP (90, request group 16, answer one group-stat record; ENOENT if unknown) and
 * SERVER_LIST_ALL_GROUPS (91, empty request, answer every group's record in name order). The record
 * layout follows {@code fastdfs_stat_layout}.
 */
public final class ServerListGroupsHandler implements CommandHandler {
  private final TrackerServices services;
  private final boolean oneGroup;

  public ServerListGroupsHandler(TrackerServices services, boolean oneGroup) {
    this.services = services;
    this.oneGroup = oneGroup;
  }

  @Override
  public Future<Void> handle(Request req) {
    int expected = oneGroup ? Wire.GROUP_NAME_LEN : 0;
    if (req.bodyLength() != expected) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body must be " + expected + " bytes"));
    }
    return req.readRest(expected).compose(body -> {
      StatLayout layout = services.config().statLayout();
      List<GroupView> groups = services.groups();
      if (oneGroup) {
        groups = List.of(Placement.find(groups, Wire.readFixed(body, 0, Wire.GROUP_NAME_LEN)));
      }
      Buffer out = Buffer.buffer(groups.size() * StatRecords.groupSize(layout));
      for (GroupView g : groups) {
        StatRecords.group(layout, Stats.group(g, services.placement()), out);
      }
      return req.ok(out);
    });
  }
}
