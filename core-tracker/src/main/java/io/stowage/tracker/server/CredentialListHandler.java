package io.stowage.tracker.server;

import io.stowage.tracker.cluster.CredentialRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/**
 * CREDENTIAL_LIST (211): {@code {"after"?, "limit"?}} -> {@code {"credentials":[{"accessKey","enabled",
 * "grants","created"}], "truncated"}} in access-key order, never with secrets. {@code after} is
 * exclusive; {@code limit} defaults to 1000 (1..10000).
 */
public final class CredentialListHandler extends JsonCommandHandler {
  public CredentialListHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    String after = body.getValue("after") instanceof String s ? s : "";
    int limit = body.getValue("limit") instanceof Number n ? Math.max(1, Math.min(10_000, n.intValue())) : 1000;
    JsonArray out = new JsonArray();
    boolean truncated = false;
    var creds = after.isEmpty() ? services.store().state().credentials() : services.store().state().credentials().tailMap(after + "\0");
    for (CredentialRecord c : creds.values()) {
      if (out.size() == limit) {
        truncated = true;
        break;
      }
      out.add(new JsonObject().put("accessKey", c.accessKey()).put("enabled", c.enabled())
          .put("grants", new JsonArray(new ArrayList<>(c.grants()))).put("created", c.created()));
    }
    return Future.succeededFuture(new JsonObject().put("credentials", out).put("truncated", truncated));
  }
}
