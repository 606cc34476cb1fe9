package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.DataTail;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * INDEX_GET (221): {@code {"bucket","key","tail"?}} -> {@code {"entry":{...}}} followed by the bytes
 * of an object stored inline as a {@link DataTail} when the caller asked for one ({@code "tail":true}),
 * else {@code {"entry":{...},"data"?:base64}}; ENOENT when absent.
 */
public final class IndexGetHandler implements CommandHandler, IndexCommand {
  private final IndexContext ctx;

  public IndexGetHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> get(j).compose(value -> {
      // the stored entry is already JSON: splice it in rather than parse and re-encode it
      byte[] json = value.json();
      if (value.data() != null && DataTail.asked(j)) {
        Buffer entry = Buffer.buffer(json.length + 10).appendString("{\"entry\":").appendBytes(json)
            .appendByte((byte) '}');
        return req.ok(DataTail.encode(entry, value.data()));
      }
      Buffer answer = Buffer.buffer(json.length + 10).appendString("{\"entry\":").appendBytes(json);
      if (value.data() != null) {
        // the same base64 form JsonObject.getBinary reads
        String data = new JsonObject().put("data", value.data()).encode();
        answer.appendByte((byte) ',').appendString(data.substring(1));
      } else {
        answer.appendString("}");
      }
      return req.ok(answer);
    }));
  }

  @Override
  public Future<JsonObject> apply(JsonObject request) {
    return get(request).map(value -> {
      JsonObject answer = new JsonObject().put("entry", new JsonObject(Buffer.buffer(value.json())));
      return value.data() == null ? answer : answer.put("data", value.data());
    });
  }

  /** The live value; ENOENT when the key is absent or deleted. */
  private Future<IndexValue> get(JsonObject j) {
    return ctx.getLive(IndexRequests.bucket(j), IndexRequests.key(j)).compose(value -> value != null
        ? Future.succeededFuture(value)
        : Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "no such key")));
  }
}
