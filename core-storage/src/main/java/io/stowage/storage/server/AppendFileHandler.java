package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.vertx.core.Future;

/**
 * APPEND_FILE (24): {@code appender_filename_len 8 + append_size 8 + filename + content} (no group).
 * Serialised per file; a failed append is cut back to the old size. Logged as
 * {@code A <filename> <offset> <length>}.
 */
public final class AppendFileHandler implements CommandHandler {
  private final StorageContext ctx;

  public AppendFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < 16) {
      return Future.failedFuture(Bodies.invalid("append body too short"));
    }
    return req.read(16).compose(h -> {
      long nameLen = h.getLong(0);
      long size = h.getLong(8);
      return Bodies.file(ctx, req, nameLen).compose(id -> {
        StorageContext.requireAppender(id);
        Bodies.check(size >= 0 && size == req.remaining(), "append_size " + size + " does not match the body");
        ctx.store().checkSpace(ctx.store().path(id.storePathIndex()), size);
        ctx.replicator().precheck();
        return ctx.locked(id, () -> append(req, id, size));
      });
    }).compose(v -> req.ok());
  }

  private Future<Void> append(Request req, FileId id, long size) {
    return AppenderWrites.currentSize(ctx, id).compose(old ->
        AppenderWrites.writeAt(ctx, req, id, old, size, old).compose(v ->
            AppenderWrites.logged(ctx, BinlogRecord.APPEND, id, old + " " + size)
                .compose(x -> ctx.replicator().replicateFile("pullFile", id, BinlogRecord.APPEND, old + " " + size))));
  }
}
