package io.stowage.common.client;

import io.vertx.core.json.JsonObject;

/** An access key and its secret. {@link #toString()} never shows the secret. */
public record Credential(String accessKey, String secretKey, boolean enabled) {
  public static Credential fromJson(JsonObject j) {
    return new Credential(j.getString("accessKey"), j.getString("secretKey"), j.getBoolean("enabled", true));
  }

  public JsonObject toJson() {
    return new JsonObject().put("accessKey", accessKey).put("secretKey", secretKey).put("enabled", enabled);
  }

  @Override
  public String toString() {
    return "Credential[" + accessKey + (enabled ? "" : ", disabled") + "]";
  }
}
