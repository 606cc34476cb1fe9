package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * INDEX_PUT (220): {@code {"bucket","key","entry":{...}}} -> {@code {}}. Stores the entry's JSON
 * (UTF-8 bytes, opaque) under the key, replacing any previous one, and logs {@code X}.
 */
public final class IndexPutHandler implements CommandHandler {
  private final IndexContext ctx;

  public IndexPutHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] key = IndexRequests.key(j);
      byte[] entry = IndexRequests.entry(j);
      return ctx.put(bucket, key, entry);
    }).compose(v -> req.ok(Buffer.buffer("{}")));
  }
}
