package io.stowage.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** CREDENTIAL_DELETE (210): {@code {"accessKey"}} -> {@code {}}, or ENOENT. Through Raft. */
public final class CredentialDeleteHandler extends JsonCommandHandler {
  public CredentialDeleteHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    return services.registry().deleteCredential(required(body, "accessKey")).map(v -> new JsonObject());
  }
}
