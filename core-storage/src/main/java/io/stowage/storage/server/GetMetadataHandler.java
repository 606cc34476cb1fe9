package io.stowage.storage.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.storage.fs.FileStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * GET_METADATA (15): {@code group 16 + filename}; answers the metadata bytes as stored (sorted
 * {@code name\x02value} records joined by {@code \x01}), empty when the file has none, ENOENT
 * without the file.
 */
public final class GetMetadataHandler implements CommandHandler {
  private final StorageContext ctx;

  public GetMetadataHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return Bodies.groupAndFile(ctx, req).compose(id -> {
      Path data = ctx.store().resolve(id);
      return ctx.blocking(() -> {
        try {
          return Buffer.buffer(Files.readAllBytes(FileStore.metaPathOf(data)));
        } catch (NoSuchFileException e) {
          StorageContext.sizeBlocking(data); // ENOENT when the file itself is missing
          return Buffer.buffer(0);
        }
      });
    }).compose(req::ok);
  }
}
