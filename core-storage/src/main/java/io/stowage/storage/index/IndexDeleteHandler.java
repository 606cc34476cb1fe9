package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * INDEX_DELETE (222): {@code {"bucket","key"}} -> {@code {"existed":bool}}. Deleting an absent key
 * succeeds (S3 DeleteObject is idempotent) and logs nothing; removing one logs {@code Y}.
 */
public final class IndexDeleteHandler implements CommandHandler {
  private final IndexContext ctx;

  public IndexDeleteHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] key = IndexRequests.key(j);
      return ctx.delete(bucket, key);
    }).compose(existed -> req.ok(Buffer.buffer("{\"existed\":" + existed + "}")));
  }
}
