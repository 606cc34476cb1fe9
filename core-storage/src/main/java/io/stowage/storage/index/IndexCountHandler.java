package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * INDEX_COUNT (224): {@code {"bucket"}} -> {@code {"empty":bool}}, whether the bucket has no key
 * left (a scan of one entry), which is what DeleteBucket needs to know.
 */
public final class IndexCountHandler implements CommandHandler {
  private final IndexContext ctx;

  public IndexCountHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> ctx.scanLive(IndexRequests.bucket(j), null, null, 1))
        .compose(found -> req.ok(Buffer.buffer("{\"empty\":" + found.isEmpty() + "}")));
  }
}
