package io.stowage.storage.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.vertx.core.Future;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * TRUNCATE_FILE (36): {@code filename_len 8 + new_size 8 + filename}; shrinks an appender file
 * (growing is EINVAL). Serialised per file. Logged as {@code T <filename> <old size> <new size>}.
 */
public final class TruncateFileHandler implements CommandHandler {
  private final StorageContext ctx;

  public TruncateFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < 17) {
      return Future.failedFuture(Bodies.invalid("truncate body too short"));
    }
    return req.read(16).compose(h -> {
      long nameLen = h.getLong(0);
      long newSize = h.getLong(8);
      Bodies.check(nameLen == req.remaining(), "filename length does not match the body");
      return Bodies.file(ctx, req, nameLen).compose(id -> {
        StorageContext.requireAppender(id);
        Bodies.check(newSize >= 0, "negative size");
        Path p = ctx.store().resolve(id);
        ctx.replicator().precheck();
        long[] sizes = new long[1];
        return ctx.locked(id, () -> ctx.<Void>blocking(() -> {
          long old = StorageContext.sizeBlocking(p);
          Bodies.check(newSize <= old, "new size " + newSize + " beyond size " + old);
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(newSize);
            if (ctx.store().fsync()) {
              ch.force(true);
            }
          }
          ctx.logBlocking(BinlogRecord.TRUNCATE, id.remoteFilename(), old + " " + newSize);
          sizes[0] = old;
          return null;
        }).compose(v -> ctx.replicator().replicateFile("pullFile", id, BinlogRecord.TRUNCATE, sizes[0] + " " + newSize)));
      });
    }).compose(v -> req.ok());
  }

}
