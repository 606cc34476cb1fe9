package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * INDEX_FETCH (236), storage -> storage: {@code {"bucket","key"}} -> the REPLICA_INDEX form of the
 * stored value, tombstones included, or {@code {"found":false}}. Catch-up reads current values with
 * it.
 */
public final class IndexFetchHandler implements CommandHandler {
  private final IndexContext ctx;

  public IndexFetchHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] key = IndexRequests.key(j);
      return ctx.index().get(bucket, key).map(raw -> {
        IndexValue v = IndexValue.decode(raw);
        return v == null ? new JsonObject().put("found", false) : IndexContext.replica(bucket, key, v).put("found", true);
      });
    }).compose(a -> req.ok(Buffer.buffer(a.encode())));
  }
}
