package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared steps of append and modify: streaming body bytes into an existing appender file. */
final class AppenderWrites {
  private static final Logger log = LoggerFactory.getLogger(AppenderWrites.class);

  private AppenderWrites() {}

  static Future<Long> currentSize(StorageContext ctx, FileId id) {
    Path p = ctx.store().resolve(id);
    return ctx.blocking(() -> StorageContext.sizeBlocking(p));
  }

  /**
   * Streams {@code size} body bytes into the file from {@code offset}, then fsyncs. On failure, when
   * {@code rollbackTo >= 0}, cuts the file back to that size.
   */
  static Future<Void> writeAt(StorageContext ctx, Request req, FileId id, long offset, long size, long rollbackTo) {
    Path p = ctx.store().resolve(id);
    OpenOptions opts = new OpenOptions().setWrite(true).setRead(false).setCreate(false).setTruncateExisting(false);
    return ctx.vertx().fileSystem().open(p.toString(), opts)
        .compose(file -> Upload.pipeInto(req, file.setWritePos(offset), size))
        .compose(crc -> ctx.<Void>blocking(() -> {
          if (ctx.store().fsync()) {
            io.stowage.storage.fs.FileStore.fsyncFileBlocking(p);
          }
          return null;
        }))
        .recover(e -> rollbackTo < 0 ? Future.failedFuture(e) : ctx.<Void>blocking(() -> {
          try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(rollbackTo);
          } catch (java.io.IOException x) {
            log.warn("cannot cut {} back to {} bytes after a failed append: {}", p, rollbackTo, x.toString());
          }
          return null;
        }).transform(x -> Future.failedFuture(e)));
  }

  static Future<Void> logged(StorageContext ctx, char op, FileId id, String extra) {
    return ctx.blocking(() -> {
      ctx.logBlocking(op, id.remoteFilename(), extra);
      return null;
    });
  }
}
