package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * INDEX_PUT (220): {@code {"bucket","key","entry":{...},"data"?:base64}} -> {@code {"replaced"?:{...}}}.
 * Stores the entry's JSON (UTF-8 bytes, opaque) and, for an object stored inline, its bytes under
 * the key, replacing any previous one, and logs {@code X}. {@code replaced} is the live entry the
 * write replaced on this server (absent when there was none), so the caller can remove its files.
 */
public final class IndexPutHandler implements CommandHandler, IndexCommand {
  private final IndexContext ctx;

  public IndexPutHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(this::put)
        .compose(replaced -> req.ok(replaced == null ? Buffer.buffer("{}")
            : Buffer.buffer(replaced.length + 14).appendString("{\"replaced\":").appendBytes(replaced).appendString("}")));
  }

  @Override
  public Future<JsonObject> apply(JsonObject request) {
    return put(request).map(replaced -> replaced == null ? new JsonObject()
        : new JsonObject().put("replaced", new JsonObject(Buffer.buffer(replaced))));
  }

  /** Completes with the JSON of the live entry the write replaced, null when none. */
  private Future<byte[]> put(JsonObject j) {
    String bucket = IndexRequests.bucket(j);
    byte[] key = IndexRequests.key(j);
    byte[] entry = IndexRequests.entry(j);
    byte[] data = IndexRequests.inlineData(j);
    return ctx.put(bucket, key, entry, data);
  }
}
