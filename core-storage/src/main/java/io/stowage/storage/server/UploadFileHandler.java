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

  /**
   * The whole upload of {@code size} bytes from {@code body}, on the storage server's context: checks
   * admission, receives the bytes into a temp file while streaming them to the peers, names and
   * logs the file once every copy that must hold it does. Any failure removes what was written.
   */
  static Future<FileId> store(StorageContext ctx, int pathIndex, long size, String ext, boolean appender, BodySource body) {
    StorePath sp;
    Replicator.CreateStream peers;
    try {
      GeneratedName.checkExt(ext);
      Bodies.check(size >= 0, "negative file_size " + size);
      ctx.replicator().precheck();
      sp = ctx.store().admitUpload(pathIndex, size);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    try {
      // pipeline: the bytes go to the local temp file and to every in-sync peer as they arrive
      peers = ctx.replicator().openCreate(sp.index(), size, appender);
    } catch (RuntimeException e) {
      ctx.store().settleUpload(sp, size, false);
      return Future.failedFuture(e);
    }
    int serverId = ctx.config().serverId();
    Future<FileId> stored;
    try {
      stored = receiveAndCommit(ctx, sp, size, ext, appender, body, peers, serverId);
    } catch (RuntimeException e) {
      peers.abort(e);
      stored = Future.failedFuture(e);
    }
    return stored.andThen(ar -> ctx.store().settleUpload(sp, size, ar.succeeded()));
  }

  private static Future<FileId> receiveAndCommit(StorageContext ctx, StorePath sp, long size, String ext,
      boolean appender, BodySource body, Replicator.CreateStream peers, int serverId) {
    return Upload.receive(ctx, body, sp, size, peers::tee)
        .compose(r -> Upload.linkUnsynced(ctx, sp, r, () -> {
          long now = System.currentTimeMillis() / 1000;
          return appender
              ? GeneratedName.forAppender(serverId, now, ext)
              : GeneratedName.forFile(serverId, now, r.size(), r.crc32(), ext);
        }))
        .onFailure(peers::abort)
        // tracked from here (not while the client streams: MEMBER_ADMIT waits for tracked writes)
        .compose(id -> ctx.replicator().track(commit(ctx, id, peers)));
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
