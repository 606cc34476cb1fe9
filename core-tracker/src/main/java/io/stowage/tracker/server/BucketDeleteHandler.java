package io.stowage.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** BUCKET_DELETE (206): {@code {"name"}} -> {@code {}}, or ENOENT. Emptiness is checked by the caller. */
public final class BucketDeleteHandler extends JsonCommandHandler {
  public BucketDeleteHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    return services.registry().deleteBucket(required(body, "name")).map(v -> new JsonObject());
  }
}
