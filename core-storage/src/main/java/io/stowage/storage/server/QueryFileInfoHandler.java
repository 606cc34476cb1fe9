package io.stowage.storage.server;

import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * QUERY_FILE_INFO (22): {@code group 16 + filename}, header status = flags (1 = do not compute the
 * CRC32). Answers {@code file_size 8 + create_timestamp 8 + crc32 8 + source ip 16}: size from the
 * disk, timestamp and CRC32 from the generated name; for appender and slave files (whose name does not
 * carry their content's CRC) the CRC32 is computed from the file unless flag 1 is set. The source
 * field holds this server's advertised host when the name says it was created here, otherwise the
 * creating server's ID.
 */
public final class QueryFileInfoHandler implements CommandHandler {
  public static final int FLAG_NO_CRC32 = 1;

  private final StorageContext ctx;

  public QueryFileInfoHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    int flags = req.header().statusCode();
    return Bodies.groupAndFile(ctx, req).compose(id -> {
      Path p = ctx.store().resolve(id);
      GeneratedName g = GeneratedName.decode(id.name());
      boolean computeCrc = (g.appender() || StorageContext.isSlave(id)) && (flags & FLAG_NO_CRC32) == 0;
      return ctx.blocking(() -> {
        long size = StorageContext.sizeBlocking(p);
        long created = g.createTime();
        if (StorageContext.isSlave(id)) {
          created = Files.readAttributes(p, BasicFileAttributes.class).lastModifiedTime().toMillis() / 1000;
        }
        int crc = computeCrc ? crcOf(p) : (g.appender() || StorageContext.isSlave(id) ? 0 : g.crc32());
        return answer(size, created, crc, source(g));
      });
    }).compose(req::ok);
  }

  private String source(GeneratedName g) {
    return g.serverId() == ctx.config().serverId() ? ctx.config().advertiseHost() : Integer.toString(g.serverId());
  }

  static Buffer answer(long size, long created, int crc, String source) {
    Buffer b = Buffer.buffer(40).appendLong(size).appendLong(created).appendLong(crc);
    return Wire.appendFixed(b, source, Wire.IP_ADDR_FIELD);
  }

  static int crcOf(Path p) throws IOException {
    CRC32 c = new CRC32();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(p)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        c.update(buf, 0, n);
      }
    }
    return (int) c.getValue();
  }

}
