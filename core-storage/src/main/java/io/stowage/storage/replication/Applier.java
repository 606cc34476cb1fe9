package io.stowage.storage.replication;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.Metadata;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.CrcWriteStream;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Applies one file change on this server as a copy of a peer: delete, or pull the whole current
 * data file or metadata from a source peer. Used by REPLICA_APPLY (synchronous replication of
 * deletes, metadata and appender changes) and by catch-up. Every change is serialised per file,
 * durable before it completes, and logged with a lower-case letter; a change that finds nothing
 * to do (already applied) logs nothing, so replaying twice converges. Completes with whether
 * something changed; a file the source no longer has completes {@code false} (a later delete
 * record follows).
 */
public final class Applier {
  private static final int MAX_META = Metadata.MAX_BYTES + 1024;
  private final StorageContext ctx;

  public Applier(StorageContext ctx) {
    this.ctx = ctx;
  }

  public StorageContext context() {
    return ctx;
  }

  public Future<Boolean> delete(FileId id) {
    return ctx.locked(id, () -> ctx.blocking(() -> {
      Path p = ctx.store().resolve(id);
      boolean existed = Files.deleteIfExists(p);
      existed |= Files.deleteIfExists(FileStore.metaPathOf(p));
      if (existed) {
        if (ctx.store().fsync()) {
          FileStore.fsyncDirBlocking(p.getParent());
        }
        ctx.logBlocking(Character.toLowerCase(BinlogRecord.DELETE), id.remoteFilename(), null);
      }
      return existed;
    }));
  }

  /**
   * Copies the source's current data file over the local one ({@code onlyIfMissing}: not when the
   * file is here already — normal files never change). Logs {@code op} in lower case.
   */
  public Future<Boolean> pullFile(FdfsClientPool pool, HostPort source, FileId id, boolean onlyIfMissing, char op, String extra) {
    return ctx.locked(id, () -> {
      Path target = ctx.store().resolve(id);
      if (onlyIfMissing && Files.exists(target)) {
        return Future.succeededFuture(false);
      }
      Path tmp = ctx.store().newTempPath(ctx.store().path(id.storePathIndex()));
      OpenOptions opts = new OpenOptions().setCreateNew(true).setWrite(true).setRead(false);
      return ctx.vertx().fileSystem().open(tmp.toString(), opts).compose(file -> {
        CrcWriteStream crc = new CrcWriteStream(file);
        Buffer body = Buffer.buffer().appendLong(0).appendLong(0);
        Wire.appendFixed(body, id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
        // bounded: the answer header within replication_timeout, the bytes within that plus 1 s per MiB
        Replicator r = ctx.replicator();
        Future<Long> copied = pool.with(source, c -> r.bounded(c.callForStream(Commands.DOWNLOAD_FILE, body), r.timeoutMs(), c)
            .compose(n -> r.bounded(c.pipeBody(n, crc), r.timeoutMs() + (n >> 20) * 1000, c).map(n)));
        return copied.transform(ar -> file.close().transform(x -> ar.failed() ? Future.failedFuture(ar.cause())
            : x.failed() ? Future.failedFuture(x.cause()) : Future.succeededFuture(ar.result())))
            .compose(n -> ctx.<Boolean>blocking(() -> {
              GeneratedName g = GeneratedName.decode(id.name());
              if (!g.appender() && !StorageContext.isSlave(id) && (g.size() != n || g.crc32() != crc.crc32())) {
                throw new ProtoException(ErrorCode.EIO, "copy of " + id + " does not match the size and CRC32 in its name");
              }
              if (Files.exists(target) && Files.mismatch(tmp, target) == -1) {
                return false; // same bytes here already: nothing to log (replays converge)
              }
              if (ctx.store().fsync()) {
                FileStore.fsyncFileBlocking(tmp);
              }
              Files.createDirectories(target.getParent());
              Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
              if (ctx.store().fsync()) {
                FileStore.fsyncDirBlocking(target.getParent());
              }
              ctx.logBlocking(Character.toLowerCase(op), id.remoteFilename(), extra);
              return true;
            }));
      }).transform(ar -> {
        Future<Void> cleaned = ctx.blocking(() -> {
          Files.deleteIfExists(tmp);
          return null;
        });
        if (ar.succeeded()) {
          return cleaned.map(ar.result());
        }
        if (ProtoException.codeOf(ar.cause()) == ErrorCode.ENOENT) {
          return cleaned.map(false);
        }
        return cleaned.transform(x -> Future.failedFuture(ar.cause()));
      });
    });
  }

  /** Copies the source's metadata of {@code id} (none there = none here). Logs {@code u <name>-m}. */
  public Future<Boolean> pullMeta(FdfsClientPool pool, HostPort source, FileId id) {
    Buffer body = Wire.appendFixed(Buffer.buffer(), id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
    Replicator rep = ctx.replicator();
    return ctx.locked(id, () -> pool.with(source, c -> rep.bounded(c.call(Commands.GET_METADATA, body, MAX_META), rep.timeoutMs(), c)).compose(r -> ctx.<Boolean>blocking(() -> {
      Path data = ctx.store().resolve(id);
      Path meta = FileStore.metaPathOf(data);
      if (!Files.exists(data)) {
        return false; // the data file comes first (its create record precedes this one)
      }
      byte[] bytes = r.body().getBytes();
      if (bytes.length == 0) {
        Files.deleteIfExists(meta);
      } else {
        try {
          if (java.util.Arrays.equals(Files.readAllBytes(meta), bytes)) {
            return false;
          }
        } catch (NoSuchFileException e) {
          // not here yet
        }
        Path tmp = ctx.store().newTempPath(ctx.store().path(id.storePathIndex()));
        try {
          Files.write(tmp, bytes);
          ctx.store().replaceBlocking(tmp, meta);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      ctx.logBlocking(Character.toLowerCase(BinlogRecord.UPDATE_META), id.remoteFilename() + FileStore.META_SUFFIX, null);
      return true;
    })).recover(e -> ProtoException.codeOf(e) == ErrorCode.ENOENT ? Future.succeededFuture(false) : Future.failedFuture(e)));
  }

}
