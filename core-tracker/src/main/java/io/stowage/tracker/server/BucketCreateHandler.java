package io.stowage.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * BUCKET_CREATE (204): {@code {"name","group","owner"}} ({@code group} null: placement picks the home
 * group) -> the bucket {@code {"name","homeGroup","createdMs","owner"}}. EEXIST, ENOENT (group), ENOSPC.
 */
public final class BucketCreateHandler extends JsonCommandHandler {
  public BucketCreateHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    String group = body.getValue("group") instanceof String s ? s : null;
    String owner = body.getValue("owner") instanceof String s ? s : "";
    return services.registry().createBucket(required(body, "name"), group, owner).map(JsonCommandHandler::bucketJson);
  }
}
