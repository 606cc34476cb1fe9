package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** INDEX_GET (221): {@code {"bucket","key"}} -> {@code {"entry":{...}}}; ENOENT when absent. */
public final class IndexGetHandler implements CommandHandler {
  private final IndexContext ctx;

  public IndexGetHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] key = IndexRequests.key(j);
      return ctx.getLive(bucket, key);
    }).compose(value -> {
      if (value == null) {
        return Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "no such key"));
      }
      // the stored entry is already JSON: splice it in rather than parse and re-encode it
      Buffer answer = Buffer.buffer(value.length + 10).appendString("{\"entry\":").appendBytes(value).appendString("}");
      return req.ok(answer);
    });
  }
}
