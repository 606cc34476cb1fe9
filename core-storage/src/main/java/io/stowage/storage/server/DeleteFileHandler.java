package io.stowage.storage.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.FileStore;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** DELETE_FILE (12): {@code group 16 + filename}; removes the file and its metadata, logs {@code D},
 * then deletes it on every in-sync peer before the answer. */
public final class DeleteFileHandler implements CommandHandler {
  private final StorageContext ctx;

  public DeleteFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return Bodies.groupAndFile(ctx, req).compose(id -> ctx.locked(id, () -> {
      ctx.replicator().precheck();
      Path p = ctx.store().resolve(id);
      return ctx.<Void>blocking(() -> {
        try {
          Files.delete(p);
        } catch (NoSuchFileException e) {
          throw new ProtoException(ErrorCode.ENOENT, "no such file");
        }
        Files.deleteIfExists(FileStore.metaPathOf(p));
        ctx.store().syncDirBlocking(p.getParent()); // shared with concurrent deletes in the directory
        ctx.logBlocking(BinlogRecord.DELETE, id.remoteFilename(), null);
        return null;
      }).compose(v -> ctx.replicator().replicateFile("delete", id, BinlogRecord.DELETE, null));
    })).compose(v -> req.ok());
  }
}
