package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * INDEX_DELETE (222): {@code {"bucket","key"}} -> {@code {"existed":bool}}. Deleting an absent key
 * succeeds (S3 DeleteObject is idempotent) and logs nothing; removing one logs {@code Y}.
 */
public final class IndexDeleteHandler implements CommandHandler, IndexCommand {
  private final IndexContext ctx;

  public IndexDeleteHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(this::delete)
        .compose(existed -> req.ok(Buffer.buffer("{\"existed\":" + existed + "}")));
  }

  @Override
  public Future<JsonObject> apply(JsonObject request) {
    return delete(request).map(existed -> new JsonObject().put("existed", existed));
  }

  private Future<Boolean> delete(JsonObject j) {
    return ctx.delete(IndexRequests.bucket(j), IndexRequests.key(j));
  }
}
