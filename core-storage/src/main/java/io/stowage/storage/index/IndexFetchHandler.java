package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.DataTail;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * INDEX_FETCH (236), storage -> storage: {@code {"bucket","key","tail"?}} -> the REPLICA_INDEX form
 * of the stored value (inline bytes as a {@link DataTail} when the caller
 * asked for one), tombstones included, or {@code {"found":false}}. Catch-up reads current values with
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
        if (v == null) {
          return Buffer.buffer("{\"found\":false}");
        }
        return DataTail.asked(j)
            ? IndexContext.replicaBody(bucket, key, v, a -> a.put("found", true))
            : IndexContext.replica(bucket, key, v).put("found", true).toBuffer();
      });
    }).compose(req::ok);
  }
}
