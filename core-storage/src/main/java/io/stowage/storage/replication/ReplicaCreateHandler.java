package io.stowage.storage.replication;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.StorePath;
import io.stowage.storage.server.StorageContext;
import io.stowage.storage.server.Upload;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * REPLICA_CREATE (232), storage -> storage: {@code head_len 4 + head JSON {"size","storePath",
 * "appender","origin"} + content (size bytes) + final remote filename (256 bytes, NUL-padded)}.
 * The content goes to a temp file as it arrives; the name comes last because the origin generates
 * it (with the CRC32) only once it has every byte. The file is fsynced as soon as its bytes are in,
 * linked under the origin's name once that arrives, and its name and the {@code c} record are made
 * durable before the answer. An all-NUL name means the origin gave up: the temp
 * file is dropped (EAGAIN). Re-sending a file this server already has succeeds (idempotent).
 */
public final class ReplicaCreateHandler implements CommandHandler {
  private static final int MAX_HEAD = 4096;
  private final StorageContext ctx;

  public ReplicaCreateHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < 4 + Replicator.TRAILER) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "replica body too short"));
    }
    return req.read(4).compose(h -> {
      int headLen = h.getInt(0);
      if (headLen <= 0 || headLen > MAX_HEAD) {
        throw new ProtoException(ErrorCode.EINVAL, "bad replica head length " + headLen);
      }
      return req.read(headLen);
    }).compose(hb -> {
      JsonObject head = new JsonObject(hb);
      long size = head.getLong("size", -1L);
      if (size < 0 || size + Replicator.TRAILER != req.remaining()) {
        throw new ProtoException(ErrorCode.EINVAL, "replica size " + size + " does not match the body");
      }
      StorePath sp = ctx.store().path(head.getInteger("storePath", 0));
      ctx.store().checkSpace(sp, size);
      return Upload.receive(ctx, req, sp, size).compose(r -> req.read(Replicator.TRAILER).transform(ar -> {
        String name = ar.succeeded() ? Wire.readFixed(ar.result(), 0, Replicator.TRAILER) : "";
        if (name.isEmpty()) {
          return Upload.discard(ctx, r.tmp()).compose(v -> Future.failedFuture(ar.failed() ? ar.cause()
              : new ProtoException(ErrorCode.EAGAIN, "origin aborted the write")));
        }
        FileId id;
        try {
          id = ctx.store().parse(ctx.config().group(), name);
          GeneratedName g = GeneratedName.decode(id.name());
          if (!g.appender() && (g.size() != r.size() || g.crc32() != r.crc32())) {
            throw new ProtoException(ErrorCode.EIO, "received bytes do not match the size and CRC32 in " + name);
          }
        } catch (RuntimeException e) {
          return Upload.discard(ctx, r.tmp()).compose(v -> Future.failedFuture(e));
        }
        return ctx.locked(id, () -> commit(r, id));
      }));
    }).compose(v -> req.ok());
  }

  /**
   * Links the received file (its bytes were fsynced as it was received, while the origin did the
   * same), then makes the name durable and logs {@code c} at once.
   */
  private Future<Void> commit(Upload.Received r, FileId id) {
    return ctx.<Boolean>blocking(() -> {
      try {
        Upload.checkComplete(r);
        Path target = ctx.store().resolve(id);
        try {
          ctx.store().linkNoReplaceUnsyncedBlocking(r.tmp(), target);
        } catch (FileAlreadyExistsException e) {
          if (Files.size(target) != r.size()) {
            throw new ProtoException(ErrorCode.EEXIST, id + " exists with another size");
          }
          return false; // already here (a retried or replayed write)
        }
        return true;
      } finally {
        Files.deleteIfExists(r.tmp());
      }
    }).compose(linked -> linked
        ? Future.all(Upload.syncLinked(ctx, id), Upload.logLinked(ctx, id, Character.toLowerCase(BinlogRecord.CREATE), null)).mapEmpty()
        : Future.succeededFuture());
  }
}
