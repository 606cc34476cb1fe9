package io.stowage.tracker.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** CREDENTIAL_PUT (209): {@code {"accessKey","secretKey","enabled"[,"grants"]}} -> {@code {}}; creates or replaces. */
public final class CredentialPutHandler extends JsonCommandHandler {
  public CredentialPutHandler(TrackerServices services) {
    super(services);
  }

  @Override
  Future<JsonObject> handle(JsonObject body) {
    List<String> grants = new ArrayList<>();
    Object g = body.getValue("grants");
    if (g instanceof JsonArray a) {
      a.forEach(x -> grants.add(String.valueOf(x)));
    } else if (g != null) {
      throw new ProtoException(ErrorCode.EINVAL, "grants must be an array");
    }
    boolean enabled = !(body.getValue("enabled") instanceof Boolean b) || b;
    return services.registry().putCredential(required(body, "accessKey"), required(body, "secretKey"), enabled, grants)
        .map(v -> new JsonObject());
  }
}
