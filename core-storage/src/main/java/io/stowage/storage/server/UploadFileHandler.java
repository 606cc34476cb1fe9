package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.StorePath;
import io.stowage.storage.replication.Replicator;
import io.vertx.core.Future;

/**
 * UPLOAD_FILE (11) and UPLOAD_APPENDER_FILE (23): {@code store_path_index 1 (signed, -1 = storage
 * chooses) + file_size 8 + ext 6 + content}; answers {@code group 16 + remote filename}. The content
 * is streamed to every in-sync peer as it arrives (REPLICA_CREATE) and the answer waits for them.
 */
public final class UploadFileHandler implements CommandHandler {
  static final int FIXED = 1 + 8 + Wire.EXT_NAME_LEN;

  private final StorageContext ctx;
  private final boolean appender;

  public UploadFileHandler(StorageContext ctx, boolean appender) {
    this.ctx = ctx;
    this.appender = appender;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < FIXED) {
      return Future.failedFuture(Bodies.invalid("upload body too short"));
    }
    return req.read(FIXED).compose(h -> {
      int pathIndex = h.getByte(0);
      long size = h.getLong(1);
      String ext = GeneratedName.checkExt(Wire.readFixed(h, 9, Wire.EXT_NAME_LEN));
      Bodies.check(size >= 0 && size == req.remaining(), "file_size " + size + " does not match the body");
      return store(ctx, pathIndex, size, ext, appender, req::pipe);
    }).compose(id -> req.ok(Bodies.groupAndName(id)));
  }

  /** An upload let in: its store path (its size promised there) and its streams to the peers. */
  record Admitted(StorePath sp, Replicator.CreateStream peers, long size, String ext, boolean appender) {
    /** Whether no peer takes the bytes (a one-server group): then they only go to the local file. */
    boolean local() {
      return peers.isEmpty();
    }
  }

  /**
   * The whole upload of {@code size} bytes from {@code body}, on the storage server's context: checks
   * admission, receives the bytes into a temp file while streaming them to the peers, names and
   * logs the file once every copy that must hold it does. Any failure removes what was written.
   */
  static Future<FileId> store(StorageContext ctx, int pathIndex, long size, String ext, boolean appender, BodySource body) {
    Admitted a;
    try {
      a = admit(ctx, pathIndex, size, ext, appender);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return finish(ctx, a, receive(ctx, a, body));
  }

  /**
   * Lets an upload in (on the storage server's context): validates it, refuses it when the group
   * takes no writes (EAGAIN) or the disk has no room for it (ENOSPC, the size then promised until
   * {@link #finish}), and opens its streams to the peers. Throws the refusal.
   */
  static Admitted admit(StorageContext ctx, int pathIndex, long size, String ext, boolean appender) {
    GeneratedName.checkExt(ext);
    Bodies.check(size >= 0, "negative file_size " + size);
    ctx.replicator().precheck();
    StorePath sp = ctx.store().admitUpload(pathIndex, size);
    try {
      // pipeline: the bytes go to the local temp file and to every in-sync peer as they arrive
      return new Admitted(sp, ctx.replicator().openCreate(sp.index(), size, appender), size, ext, appender);
    } catch (RuntimeException e) {
      ctx.store().settleUpload(sp, size, false);
      throw e;
    }
  }

  /**
   * Receives an admitted upload's bytes from {@code body} into a temp file and to its peers (none:
   * the file alone, and no replication state is touched, so any context may run it); a throw
   * becomes a failed future.
   */
  static Future<Upload.Received> receive(StorageContext ctx, Admitted a, BodySource body) {
    try {
      return Upload.receive(ctx, body, a.sp(), a.size(), a.peers()::tee);
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // e.g. a request body already read
    }
  }

  /**
   * The rest of an admitted upload once its bytes are {@code received} (on the storage server's
   * context): names the file, then makes it durable and logged here and on the peers; gives back the
   * promised space. A failed receive aborts the peers' copies.
   */
  static Future<FileId> finish(StorageContext ctx, Admitted a, Future<Upload.Received> received) {
    int serverId = ctx.config().serverId();
    return received
        .compose(r -> Upload.linkUnsynced(ctx, a.sp(), r, () -> {
          long now = System.currentTimeMillis() / 1000;
          return a.appender()
              ? GeneratedName.forAppender(serverId, now, a.ext())
              : GeneratedName.forFile(serverId, now, r.size(), r.crc32(), a.ext());
        }))
        .onFailure(a.peers()::abort)
        // tracked from here (not while the client streams: MEMBER_ADMIT waits for tracked writes)
        .compose(id -> ctx.replicator().track(commit(ctx, id, a.peers())))
        .andThen(ar -> ctx.store().settleUpload(a.sp(), a.size(), ar.succeeded()));
  }

  /**
   * Makes a linked file's name durable, logs {@code C} and has the peers commit their copies, all
   * at once (one fsync's wait instead of three in a row); answers only once all have succeeded. A
   * failure removes the file, and logs {@code D} after a {@code C} that made it to the binlog.
   */
  private static Future<FileId> commit(StorageContext ctx, FileId id, Replicator.CreateStream peers) {
    Future<Void> named = Upload.syncLinked(ctx, id);
    Future<Void> copies = peers.finish(id);
    Future<FileId> logged = Upload.logLinked(ctx, id, BinlogRecord.CREATE, null);
    return Future.join(named, copies, logged).transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(id);
      }
      Throwable cause = copies.failed() ? copies.cause() : ar.cause();
      // a failed log removed the file already (logLinked)
      Future<Void> undone = logged.succeeded() ? Upload.unlinkLogged(ctx, id) : Future.succeededFuture();
      return undone.compose(v -> Future.failedFuture(cause));
    });
  }
}
