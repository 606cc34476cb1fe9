package io.stowage.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;

/** CREDENTIAL_GET (208): {@code {"accessKey"}} -> {@code {"accessKey","secretKey","enabled","grants"}}, or ENOENT. */
public final class CredentialGetHandler extends JsonCommandHandler {
  public CredentialGetHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    return services.registry().credential(required(body, "accessKey")).map(c -> new JsonObject().put("accessKey", c.accessKey())
        .put("secretKey", c.secretKey()).put("enabled", c.enabled()).put("grants", new JsonArray(new ArrayList<>(c.grants()))));
  }
}
