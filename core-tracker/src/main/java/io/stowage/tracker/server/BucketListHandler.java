package io.stowage.tracker.server;

import io.stowage.tracker.cluster.BucketRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** BUCKET_LIST (207): {@code {}} -> {@code {"buckets":[...]}} in name order. */
public final class BucketListHandler extends JsonCommandHandler {
  public BucketListHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    JsonArray a = new JsonArray();
    for (BucketRecord b : services.registry().buckets()) {
      a.add(bucketJson(b));
    }
    return Future.succeededFuture(new JsonObject().put("buckets", a));
  }
}
