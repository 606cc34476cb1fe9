package io.stowage.tracker.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An access key, its secret (needed in clear by SigV4 verification, so kept as is in the Raft log and
 * snapshots under base_path: protect that directory), whether it may sign requests, and its grants,
 * opaque strings the gateway interprets. Never log a secret: {@link #toString()} leaves it out.
 */
public record CredentialRecord(String accessKey, String secretKey, boolean enabled, List<String> grants, long created) {
  public CredentialRecord {
    grants = List.copyOf(grants);
  }

  public JsonObject toJson() {
    return new JsonObject().put("accessKey", accessKey).put("secretKey", secretKey).put("enabled", enabled).put("grants", new JsonArray(new ArrayList<>(grants)))
        .put("created", created);
  }

  public static CredentialRecord fromJson(JsonObject j) {
    List<String> grants = new ArrayList<>();
    j.getJsonArray("grants", new JsonArray()).forEach(g -> grants.add(String.valueOf(g)));
    return new CredentialRecord(j.getString("accessKey"), j.getString("secretKey"), j.getBoolean("enabled", true), grants,
        j.getLong("created", 0L));
  }

  @Override
  public String toString() {
    return "CredentialRecord[accessKey=" + accessKey + ", enabled=" + enabled + ", grants=" + grants + ", created=" + created + "]";
  }
}
