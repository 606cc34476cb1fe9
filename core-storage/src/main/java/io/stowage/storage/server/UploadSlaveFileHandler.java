package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.StorePath;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * UPLOAD_SLAVE_FILE (21): {@code master_filename_len 8 + file_size 8 + prefix 16 + ext 6 + master
 * filename + content}. The slave lives beside its master as {@code <master base><prefix>.<ext>};
 * ENOENT without the master, EEXIST when the slave exists. Logged as {@code L slave master}.
 */
public final class UploadSlaveFileHandler implements CommandHandler {
  static final int FIXED = 8 + 8 + Wire.PREFIX_LEN + Wire.EXT_NAME_LEN;

  private final StorageContext ctx;

  public UploadSlaveFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < FIXED) {
      return Future.failedFuture(Bodies.invalid("slave upload body too short"));
    }
    return req.read(FIXED).compose(h -> {
      long masterLen = h.getLong(0);
      long size = h.getLong(8);
      String prefix = Wire.readFixed(h, 16, Wire.PREFIX_LEN);
      String ext = GeneratedName.checkExt(Wire.readFixed(h, 16 + Wire.PREFIX_LEN, Wire.EXT_NAME_LEN));
      return Bodies.file(ctx, req, masterLen).compose(master -> {
        Bodies.check(size >= 0 && size == req.remaining(), "file_size " + size + " does not match the body");
        FileId slave = ctx.store().slaveId(master, prefix, ext);
        Path masterPath = ctx.store().resolve(master);
        Path slavePath = ctx.store().resolve(slave);
        StorePath sp = ctx.store().path(master.storePathIndex());
        ctx.store().checkSpace(sp, size);
        ctx.replicator().precheck();
        return ctx.blocking(() -> {
          StorageContext.sizeBlocking(masterPath);
          if (Files.exists(slavePath)) {
            throw new ProtoException(ErrorCode.EEXIST, "slave file exists");
          }
          return null;
        }).compose(v -> Upload.receive(ctx, req, sp, size)).compose(r -> ctx.blocking(() -> {
          try {
            Upload.checkComplete(r); // received durable: only the name is left to sync
            ctx.store().linkNoReplaceBlocking(r.tmp(), slavePath);
            try {
              ctx.logBlocking(BinlogRecord.LINK, slave.remoteFilename(), master.remoteFilename());
            } catch (IOException | RuntimeException e) {
              Files.deleteIfExists(slavePath);
              throw e;
            }
            return slave;
          } finally {
            Files.deleteIfExists(r.tmp());
          }
        })).compose(id -> ctx.replicator().replicateFile("pullFile", id, BinlogRecord.LINK, master.remoteFilename()).map(id));
      });
    }).compose(id -> req.ok(Bodies.groupAndName(id)));
  }
}
