package io.stowage.storage.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.vertx.core.Future;

/**
 * MODIFY_FILE (34): {@code filename_len 8 + offset 8 + size 8 + filename + content}; overwrites (and
 * may extend) an appender file from {@code offset}, which must not be beyond its end. Serialised per
 * file. A modify that fails midway leaves the bytes written so far (as FastDFS does). Logged as
 * {@code M <filename> <offset> <length>}.
 */
public final class ModifyFileHandler implements CommandHandler {
  private final StorageContext ctx;

  public ModifyFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < 24) {
      return Future.failedFuture(Bodies.invalid("modify body too short"));
    }
    return req.read(24).compose(h -> {
      long nameLen = h.getLong(0);
      long offset = h.getLong(8);
      long size = h.getLong(16);
      return Bodies.file(ctx, req, nameLen).compose(id -> {
        StorageContext.requireAppender(id);
        Bodies.check(offset >= 0, "negative offset");
        Bodies.check(size >= 0 && size == req.remaining(), "size " + size + " does not match the body");
        ctx.replicator().precheck();
        return ctx.locked(id, () -> AppenderWrites.currentSize(ctx, id).compose(current -> {
          Bodies.check(offset <= current, "offset " + offset + " beyond size " + current);
          return AppenderWrites.writeAt(ctx, req, id, offset, size, -1)
              .compose(v -> AppenderWrites.logged(ctx, BinlogRecord.MODIFY, id, offset + " " + size))
              .compose(v -> ctx.replicator().replicateFile("pullFile", id, BinlogRecord.MODIFY, offset + " " + size));
        }));
      });
    }).compose(v -> req.ok());
  }
}
