package io.stowage.tracker.cluster;

import io.vertx.core.json.JsonObject;

/** Size of one store path as reported at join (durable; free space is soft state). */
public record StorePathTotal(int index, long totalMb) {
  JsonObject toJson() {
    return new JsonObject().put("index", index).put("totalMb", totalMb);
  }

  static StorePathTotal fromJson(JsonObject j) {
    return new StorePathTotal(j.getInteger("index"), j.getLong("totalMb", 0L));
  }
}
