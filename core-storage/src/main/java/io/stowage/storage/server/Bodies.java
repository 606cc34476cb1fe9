package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Parsing helpers for FastDFS storage request bodies. */
final class Bodies {
  /** Longest remote filename accepted (FastDFS: 128 + the {@code M00/XX/YY/} part). */
  static final int MAX_FILENAME = 256;

  private Bodies() {}

  static ProtoException invalid(String what) {
    return new ProtoException(ErrorCode.EINVAL, what);
  }

  /** Reads a body that is exactly {@code group 16 + remote filename}. */
  static Future<FileId> groupAndFile(StorageContext ctx, Request req) {
    long len = req.bodyLength();
    if (len <= Wire.GROUP_NAME_LEN || len > Wire.GROUP_NAME_LEN + MAX_FILENAME) {
      return Future.failedFuture(invalid("body of " + len + " bytes is not group + filename"));
    }
    return req.readRest(Wire.GROUP_NAME_LEN + MAX_FILENAME).map(b -> {
      String group = Wire.readFixed(b, 0, Wire.GROUP_NAME_LEN);
      return ctx.store().parse(group, b.getString(Wire.GROUP_NAME_LEN, b.length(), "UTF-8"));
    });
  }

  /** Reads a filename of {@code len} bytes (no group: this server's group). */
  static Future<FileId> file(StorageContext ctx, Request req, long len) {
    if (len <= 0 || len > MAX_FILENAME || len > req.remaining()) {
      return Future.failedFuture(invalid("bad filename length " + len));
    }
    return req.read((int) len).map(b -> ctx.store().parse(ctx.config().group(), b.toString("UTF-8")));
  }

  /** Answer body of upload commands: group 16 + remote filename. */
  static Buffer groupAndName(FileId id) {
    return Wire.appendFixed(Buffer.buffer(), id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw invalid(what);
    }
  }
}
