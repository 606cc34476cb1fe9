package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.FileStore;
import io.vertx.core.Future;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * REGENERATE_APPENDER_FILENAME (38): body = the appender's remote filename (no group). Turns the
 * appender file into a normal file: a new generated name (same store path and directory, original
 * creation time, current size and CRC32, no appender flag), metadata moved along. Answers
 * {@code group 16 + new filename}; logged as {@code R <new> <old>}.
 */
public final class RegenerateAppenderFilenameHandler implements CommandHandler {
  private final StorageContext ctx;

  public RegenerateAppenderFilenameHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return Bodies.file(ctx, req, req.bodyLength()).compose(id -> {
      GeneratedName old = StorageContext.requireAppender(id);
      ctx.replicator().precheck();
      return ctx.locked(id, () -> ctx.blocking(() -> rename(id, old))
          .compose(to -> ctx.replicator().replicateFile("pullFile", to, BinlogRecord.RENAME, id.remoteFilename())
              .compose(v -> ctx.replicator().replicateFile("pullMeta", to, BinlogRecord.UPDATE_META, null))
              .compose(v -> ctx.replicator().replicateFile("delete", id, BinlogRecord.DELETE, null))
              .map(to)));
    }).compose(id -> req.ok(Bodies.groupAndName(id)));
  }

  private FileId rename(FileId id, GeneratedName old) throws Exception {
    FileStore store = ctx.store();
    Path from = store.resolve(id);
    long size = StorageContext.sizeBlocking(from);
    int crc = QueryFileInfoHandler.crcOf(from);
    for (int attempt = 0; attempt < FileStore.NAME_ATTEMPTS; attempt++) {
      String name = GeneratedName.forFile(ctx.config().serverId(), old.createTime(), size, crc, old.ext()).encode();
      FileId to = new FileId(id.group(), id.storePathIndex(), id.dir1(), id.dir2(), name);
      Path target = store.resolve(to);
      try {
        store.linkNoReplaceBlocking(from, target);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      Path oldMeta = FileStore.metaPathOf(from);
      if (Files.exists(oldMeta)) {
        store.replaceBlocking(oldMeta, FileStore.metaPathOf(target));
      }
      ctx.logBlocking(BinlogRecord.RENAME, to.remoteFilename(), id.remoteFilename());
      return to;
    }
    throw new ProtoException(ErrorCode.EEXIST, "no free generated name");
  }
}
