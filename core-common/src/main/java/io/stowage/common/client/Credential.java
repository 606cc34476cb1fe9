package io.stowage.common.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An access key, its secret, whether it may sign requests, and its grants (strings such as
 * {@code admin}, {@code bucket:photos:read-write}, {@code public-read:photos}; the gateway and the
 * admin UI interpret them, the trackers keep them opaque). {@link #toString()} never shows the secret.
 */
public record Credential(String accessKey, String secretKey, boolean enabled, List<String> grants) {
  public Credential {
    grants = grants == null ? List.of() : List.copyOf(grants);
  }

  /** A credential without grants. */
  public Credential(String accessKey, String secretKey, boolean enabled) {
    this(accessKey, secretKey, enabled, List.of());
  }

  public static Credential fromJson(JsonObject j) {
    List<String> grants = new ArrayList<>();
    j.getJsonArray("grants", new JsonArray()).forEach(g -> grants.add(String.valueOf(g)));
    return new Credential(j.getString("accessKey"), j.getString("secretKey"), j.getBoolean("enabled", true), grants);
  }

  public JsonObject toJson() {
    return new JsonObject().put("accessKey", accessKey).put("secretKey", secretKey).put("enabled", enabled)
        .put("grants", new JsonArray(new ArrayList<>(grants)));
  }

  @Override
  public String toString() {
    return "Credential[" + accessKey + (enabled ? "" : ", disabled") + ", grants=" + grants + "]";
  }
}
