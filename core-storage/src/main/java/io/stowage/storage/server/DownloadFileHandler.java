package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.common.runtime.CorkedSend;
import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * DOWNLOAD_FILE (14): {@code offset 8 + bytes 8 (0 = to the end) + group 16 + filename}; answers the
 * bytes with zero-copy {@code sendFile}. An offset at or beyond the end is EINVAL (except offset 0 of
 * an empty file); a length past the end is clipped, as FastDFS 6.15.4+ does.
 */
public final class DownloadFileHandler implements CommandHandler {
  private final StorageContext ctx;

  public DownloadFileHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    long len = req.bodyLength();
    if (len <= 16 + Wire.GROUP_NAME_LEN || len > 16 + Wire.GROUP_NAME_LEN + Bodies.MAX_FILENAME) {
      return Future.failedFuture(Bodies.invalid("bad download body"));
    }
    return req.read(16).compose(h -> {
      long offset = h.getLong(0);
      long bytes = h.getLong(8);
      Bodies.check(offset >= 0 && bytes >= 0, "negative offset or length");
      return Bodies.groupAndFile(ctx, req).compose(id -> send(req, id, offset, bytes));
    });
  }

  private Future<Void> send(Request req, FileId id, long offset, long bytes) {
    Path p = ctx.store().resolve(id);
    return ctx.blocking(() -> StorageContext.sizeBlocking(p)).compose(size -> {
      Bodies.check(offset < size || (offset == 0 && size == 0), "offset " + offset + " beyond size " + size);
      long n = bytes == 0 ? size - offset : Math.min(bytes, size - offset);
      return CorkedSend.socket(req.socket(), n, () -> req.replyHeader(n)
          .compose(v -> n == 0 ? Future.succeededFuture() : req.socket().sendFile(p.toString(), offset, n)));
    });
  }
}
