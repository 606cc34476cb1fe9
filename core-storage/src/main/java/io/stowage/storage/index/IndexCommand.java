package io.stowage.storage.index;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * An index command as objects: the request and answer the wire carries as JSON text, for a caller
 * in this JVM. Validation and refusals are the wire's (a {@link io.stowage.common.proto.ProtoException}).
 */
public interface IndexCommand {
  Future<JsonObject> apply(JsonObject request);
}
