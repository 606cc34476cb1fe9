package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * INDEX_COUNT (224): {@code {"bucket"}} -> {@code {"empty":bool}}, whether the bucket has no key
 * left (a scan of one entry), which is what DeleteBucket needs to know.
 */
public final class IndexCountHandler implements CommandHandler, IndexCommand {
  private final IndexContext ctx;

  public IndexCountHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(this::isEmpty)
        .compose(empty -> req.ok(Buffer.buffer("{\"empty\":" + empty + "}")));
  }

  @Override
  public Future<JsonObject> apply(JsonObject request) {
    return isEmpty(request).map(empty -> new JsonObject().put("empty", empty));
  }

  private Future<Boolean> isEmpty(JsonObject j) {
    return ctx.scanLive(IndexRequests.bucket(j), null, null, 1).map(List::isEmpty);
  }
}
