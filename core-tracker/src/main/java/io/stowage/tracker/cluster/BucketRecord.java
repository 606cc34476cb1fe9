package io.stowage.tracker.cluster;

import io.vertx.core.json.JsonObject;

/** A bucket registered on the trackers: its home group (volume), owner access key and creation time (epoch ms). */
public record BucketRecord(String name, String homeGroup, String owner, long created) {
  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("homeGroup", homeGroup).put("owner", owner).put("created", created);
  }

  public static BucketRecord fromJson(JsonObject j) {
    return new BucketRecord(j.getString("name"), j.getString("homeGroup"), j.getString("owner", ""), j.getLong("created", 0L));
  }
}
