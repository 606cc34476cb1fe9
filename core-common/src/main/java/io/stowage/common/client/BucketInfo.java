package io.stowage.common.client;

import io.vertx.core.json.JsonObject;

/** A bucket as registered on the trackers. */
public record BucketInfo(String name, String homeGroup, long createdMs, String owner) {
  public static BucketInfo fromJson(JsonObject j) {
    return new BucketInfo(j.getString("name"), j.getString("homeGroup"), j.getLong("createdMs", 0L), j.getString("owner"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("homeGroup", homeGroup).put("createdMs", createdMs).put("owner", owner);
  }
}
