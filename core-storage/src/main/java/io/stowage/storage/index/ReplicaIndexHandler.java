package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * REPLICA_INDEX (234), storage -> storage: {@code {"bucket","key","hlc","node","deleted","entry"?}}
 * -> {@code {"applied":bool}}. An index write (or tombstone) made on another member, applied when
 * newer than what is here (last writer wins), durable before the answer.
 */
public final class ReplicaIndexHandler implements CommandHandler {
  private final IndexContext ctx;

  public ReplicaIndexHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] key = IndexRequests.key(j);
      return ctx.applyReplica(bucket, key, IndexContext.fromReplica(j));
    }).compose(applied -> req.ok(Buffer.buffer("{\"applied\":" + applied + "}")));
  }
}
