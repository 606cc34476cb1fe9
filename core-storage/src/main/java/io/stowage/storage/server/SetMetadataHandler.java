package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.FileStore;
import io.stowage.common.proto.Metadata;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

/**
 * SET_METADATA (13): {@code filename_len 8 + meta_len 8 + op_flag 1 ('O' overwrite / 'M' merge) +
 * group 16 + filename + meta}. The metadata file is replaced atomically; overwriting with nothing
 * removes it. Logged as {@code U <filename>-m}.
 */
public final class SetMetadataHandler implements CommandHandler {
  static final int FIXED = 8 + 8 + 1 + Wire.GROUP_NAME_LEN;

  private final StorageContext ctx;

  public SetMetadataHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (req.bodyLength() < FIXED) {
      return Future.failedFuture(Bodies.invalid("set-metadata body too short"));
    }
    return req.read(FIXED).compose(h -> {
      long nameLen = h.getLong(0);
      long metaLen = h.getLong(8);
      char op = (char) h.getByte(16);
      String group = Wire.readFixed(h, 17, Wire.GROUP_NAME_LEN);
      Bodies.check(op == Metadata.OVERWRITE || op == Metadata.MERGE, "op flag must be O or M");
      Bodies.check(nameLen > 0 && nameLen <= Bodies.MAX_FILENAME, "bad filename length");
      Bodies.check(metaLen >= 0 && metaLen <= Metadata.MAX_BYTES && nameLen + metaLen == req.remaining(), "bad metadata length");
      return req.read((int) nameLen).compose(n -> {
        FileId id = ctx.store().parse(group, n.toString("UTF-8"));
        return req.read((int) metaLen).compose(meta -> {
          SortedMap<String, String> update = Metadata.decode(meta.getBytes());
          ctx.replicator().precheck();
          return ctx.locked(id, () -> write(id, op, update)
              .compose(v -> ctx.replicator().replicateFile("pullMeta", id, BinlogRecord.UPDATE_META, null)));
        });
      });
    }).compose(v -> req.ok());
  }

  private Future<Void> write(FileId id, char op, Map<String, String> update) {
    Path data = ctx.store().resolve(id);
    Path meta = FileStore.metaPathOf(data);
    return ctx.blocking(() -> {
      StorageContext.sizeBlocking(data); // ENOENT without the data file
      Map<String, String> result = update;
      if (op == Metadata.MERGE) {
        try {
          result = Metadata.merge(Metadata.decode(Files.readAllBytes(meta)), update);
        } catch (NoSuchFileException e) {
          // nothing to merge with
        }
      }
      if (result.isEmpty()) {
        Files.deleteIfExists(meta);
      } else {
        Path tmp = ctx.store().newTempPath(ctx.store().path(id.storePathIndex()));
        try {
          Files.write(tmp, Metadata.encode(result));
          ctx.store().replaceBlocking(tmp, meta);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      ctx.logBlocking(BinlogRecord.UPDATE_META, id.remoteFilename() + FileStore.META_SUFFIX, null);
      return null;
    });
  }

}
