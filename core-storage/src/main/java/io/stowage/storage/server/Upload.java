package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.BatchedFileWriter;
import io.stowage.storage.fs.CrcWriteStream;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.fs.StorePath;
import io.vertx.core.Future;
import io.vertx.core.file.AsyncFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receiving file content: body (a socket frame, or an in-process stream) -> CRC32 -> a
 * {@link BatchedFileWriter} in the store path's {@code data/.tmp}, with the source's back-pressure,
 * so no body is ever held in memory. The temp file is fsynced as it is closed when fsync is
 * configured, so a received file's bytes are durable before it gets a name. Any failure removes the
 * temp file.
 */
public final class Upload {
  private static final Logger log = LoggerFactory.getLogger(Upload.class);

  /** A fully received temp file. */
  public record Received(Path tmp, long size, int crc32) {}

  private Upload() {}

  public static Future<Received> receive(StorageContext ctx, Request req, StorePath sp, long size) {
    return receive(ctx, req::pipe, sp, size, UnaryOperator.identity());
  }

  /** Like {@link #receive(StorageContext, Request, StorePath, long)}, the bytes also going through {@code tee} (replication). */
  public static Future<Received> receive(StorageContext ctx, Request req, StorePath sp, long size,
      UnaryOperator<WriteStream<Buffer>> tee) {
    return receive(ctx, req::pipe, sp, size, tee);
  }

  /** Receives {@code size} bytes from {@code body} into a new temp file, the bytes also going through {@code tee}. */
  public static Future<Received> receive(StorageContext ctx, BodySource body, StorePath sp, long size,
      UnaryOperator<WriteStream<Buffer>> tee) {
    FileStore.TempFile temp = ctx.store().newUploadFile(sp);
    Path tmp = temp.path();
    BatchedFileWriter file = BatchedFileWriter.open(ctx.io(), temp, ctx.store().fsync(), ctx.store().directWrite(size));
    return pipeInto(body, file, file::close, size, tee).map(crc -> new Received(tmp, size, crc))
        .recover(e -> discard(ctx, tmp).transform(x -> Future.failedFuture(StorageContext.translate(e))));
  }

  /** Pipes {@code size} body bytes into {@code file}, closes it (waiting for the writes), returns the CRC32. */
  static Future<Integer> pipeInto(Request req, AsyncFile file, long size) {
    return pipeInto(req::pipe, file, size, UnaryOperator.identity());
  }

  static Future<Integer> pipeInto(BodySource body, AsyncFile file, long size, UnaryOperator<WriteStream<Buffer>> tee) {
    return pipeInto(body, file, file::close, size, tee);
  }

  /** Pipes {@code size} body bytes into {@code file}, then {@code close}s it (waiting for the writes); returns the CRC32. */
  private static Future<Integer> pipeInto(BodySource body, WriteStream<Buffer> file, Supplier<Future<Void>> close,
                                          long size, UnaryOperator<WriteStream<Buffer>> tee) {
    CrcWriteStream crc = new CrcWriteStream(file);
    return body.pipe(size, tee.apply(crc)).transform(piped -> close.get().transform(closed -> {
      if (piped.failed()) {
        return Future.failedFuture(piped.cause());
      }
      if (closed.failed()) {
        return Future.failedFuture(closed.cause());
      }
      return Future.succeededFuture(crc.crc32());
    }));
  }

  public static Future<Void> discard(StorageContext ctx, Path tmp) {
    return ctx.<Void>blocking(() -> {
      Files.deleteIfExists(tmp);
      return null;
    }).recover(e -> {
      log.warn("cannot remove temp file {}: {}", tmp, e.toString());
      return Future.succeededFuture();
    });
  }

  /** Checks the temp file really holds every byte (a late write failure would leave it short). Blocking. */
  public static void checkComplete(Received r) throws IOException {
    long actual = Files.size(r.tmp());
    if (actual != r.size()) {
      throw new ProtoException(ErrorCode.EIO, "temp file has " + actual + " of " + r.size() + " bytes");
    }
  }

  /**
   * Gives the received file a generated name without logging it. Its bytes are durable when fsync is
   * configured, its new name only once {@link #syncLinked} completes: the caller overlaps that
   * directory fsync with the binlog's and the peers' commit and must wait for all before answering.
   */
  static Future<FileId> linkUnsynced(StorageContext ctx, StorePath sp, Received r, Supplier<GeneratedName> namer) {
    return ctx.blocking(() -> {
      try {
        checkComplete(r);
        return ctx.store().linkNewBlocking(sp, r.tmp(), namer);
      } finally {
        Files.deleteIfExists(r.tmp());
      }
    });
  }

  /**
   * Makes the name of a file linked by {@link #linkUnsynced} durable. The directory fsync is shared
   * with the other uploads renamed into the same directory meanwhile, and waited for off the worker
   * pool.
   */
  public static Future<Void> syncLinked(StorageContext ctx, FileId id) {
    return ctx.onContext(ctx.store().syncDirOf(id)).recover(e -> Future.failedFuture(StorageContext.translate(e)));
  }

  /**
   * Logs {@code op} for a linked file and waits for the binlog's next group commit; on failure
   * removes the file. May overlap {@link #syncLinked}: a record whose file did not survive a crash
   * names a write nobody was told of, and a server catching up from this binlog skips a file it
   * cannot find.
   */
  public static Future<FileId> logLinked(StorageContext ctx, FileId id, char op, String extra) {
    return ctx.blocking(() -> {
      try {
        return ctx.appendLogBlocking(op, id.remoteFilename(), extra);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(ctx.store().resolve(id));
        throw e;
      }
    }).compose(end -> ctx.syncLog(end).transform(synced -> synced.succeeded()
        ? Future.succeededFuture(id)
        : unlink(ctx, id).compose(v -> Future.failedFuture(StorageContext.translate(synced.cause())))));
  }

  /** Removes a linked file whose log record could not be made durable. */
  private static Future<Void> unlink(StorageContext ctx, FileId id) {
    return ctx.<Void>blocking(() -> {
      Files.deleteIfExists(ctx.store().resolve(id));
      return null;
    }).recover(e -> {
      log.warn("cannot remove {} after a failed write: {}", id, e.toString());
      return Future.succeededFuture();
    });
  }

  /**
   * Undoes a linked file whose {@code C} was already logged but whose write failed: removes it and
   * logs {@code D}, so a server that pulled it from this binlog meanwhile drops it again.
   */
  static Future<Void> unlinkLogged(StorageContext ctx, FileId id) {
    return ctx.blocking(() -> {
      Files.deleteIfExists(ctx.store().resolve(id));
      return ctx.appendLogBlocking(BinlogRecord.DELETE, id.remoteFilename(), null);
    }).compose(ctx::syncLog).recover(e -> {
      log.warn("cannot undo {} after a failed replicated write: {}", id, e.toString());
      return Future.succeededFuture();
    });
  }
}
