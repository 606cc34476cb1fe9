package io.stowage.tracker.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** An internal command whose request and answer are JSON objects (at most 64 KB in). */
abstract class JsonCommandHandler implements CommandHandler {
  protected final TrackerServices services;

  JsonCommandHandler(TrackerServices services) {
    this.services = services;
  }

  @Override
  public final Future<Void> handle(Request req) {
    return req.readRest(StorageJoinHandler.MAX_BODY)
        .compose(body -> handle(TrackerServices.json(body)))
        .compose(answer -> req.ok(Buffer.buffer(answer.encode())));
  }

  abstract Future<JsonObject> handle(JsonObject body);

  /** A bucket as the gateway's client reads it. */
  static JsonObject bucketJson(io.stowage.tracker.cluster.BucketRecord b) {
    return new JsonObject().put("name", b.name()).put("homeGroup", b.homeGroup()).put("createdMs", b.created()).put("owner", b.owner());
  }

  static String required(JsonObject body, String key) {
    String v = body.getValue(key) instanceof String s ? s : null;
    if (v == null || v.isEmpty()) {
      throw new io.stowage.common.proto.ProtoException(io.stowage.common.proto.ErrorCode.EINVAL, key + " is required");
    }
    return v;
  }
}
