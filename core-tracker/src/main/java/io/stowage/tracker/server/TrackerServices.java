package io.stowage.tracker.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.cluster.ClusterStore;
import io.stowage.tracker.cluster.ClusterViews;
import io.stowage.tracker.cluster.Membership;
import io.stowage.tracker.cluster.Registry;
import io.stowage.tracker.cluster.SoftState;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/** What the command handlers share: the replicated state, this tracker's soft state, placement, membership, registry. */
public record TrackerServices(TrackerConfig config, ClusterStore store, SoftState soft, Placement placement,
    Membership membership, Registry registry, Supplier<JsonObject> leader) {

  /** The current cluster as placement sees it (durable state joined with soft state). */
  public List<GroupView> groups() {
    return ClusterViews.groups(store.state(), soft);
  }

  static JsonObject json(Buffer body) {
    if (body.length() == 0) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw new ProtoException(ErrorCode.EINVAL, "body is not a JSON object");
    }
  }
}
