package io.stowage.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** BUCKET_GET (205): {@code {"name"}} -> the bucket, or ENOENT. */
public final class BucketGetHandler extends JsonCommandHandler {
  public BucketGetHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    return services.registry().bucket(required(body, "name")).map(JsonCommandHandler::bucketJson);
  }
}
