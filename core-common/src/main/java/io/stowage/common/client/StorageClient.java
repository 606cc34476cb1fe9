package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.Metadata;
import io.stowage.common.proto.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** FastDFS storage commands, with streaming upload and download bodies. */
public final class StorageClient {
  private static final int MAX_ANSWER = 16 << 20;
  private final FdfsClientPool pool;
  private final LocalStorage local;

  public StorageClient(FdfsClientPool pool) {
    this(pool, null);
  }

  /** {@code local}: the storage server in this JVM, if any; uploads to it skip the socket. */
  public StorageClient(FdfsClientPool pool, LocalStorage local) {
    this.pool = pool;
    this.local = local;
  }

  /**
   * UPLOAD_FILE (or UPLOAD_APPENDER_FILE) of {@code length} bytes read from {@code content}; in
   * process when the target is this JVM's storage server.
   */
  public Future<FileId> upload(StoreTarget target, String ext, ReadStream<Buffer> content, long length, boolean appender) {
    if (local != null && target.server().equals(local.server())) {
      return local.upload(target.storePathIndex(), ext, content, length, appender);
    }
    Buffer prefix = Buffer.buffer().appendByte((byte) target.storePathIndex()).appendLong(length);
    Wire.appendFixed(prefix, ext, Wire.EXT_NAME_LEN);
    byte cmd = appender ? Commands.UPLOAD_APPENDER_FILE : Commands.UPLOAD_FILE;
    return pool.with(target.server(), c -> c.upload(cmd, prefix, content, length, MAX_ANSWER)).map(StorageClient::fileId);
  }

  /**
   * Fails (ENOSPC) when {@code target} is this JVM's storage server and it would refuse an upload of
   * {@code length} bytes now; a remote server answers only to the upload itself, so it passes here.
   */
  public Future<Void> checkUpload(StoreTarget target, long length) {
    if (local != null && target.server().equals(local.server())) {
      try {
        local.checkUpload(target.storePathIndex(), length);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return Future.succeededFuture();
  }

  /** UPLOAD_FILE of an in-memory buffer (small files, tests and benchmarks). */
  public Future<FileId> upload(StoreTarget target, String ext, Buffer data) {
    Buffer prefix = Buffer.buffer().appendByte((byte) target.storePathIndex()).appendLong(data.length());
    Wire.appendFixed(prefix, ext, Wire.EXT_NAME_LEN);
    return pool.with(target.server(), c -> c.call(Commands.UPLOAD_FILE, prefix, data, MAX_ANSWER)).map(StorageClient::fileId);
  }

  private static FileId fileId(Response r) {
    Buffer b = r.body();
    return FileId.parseRemote(Wire.readFixed(b, 0, Wire.GROUP_NAME_LEN), Wire.string(b, Wire.GROUP_NAME_LEN));
  }

  /**
   * DOWNLOAD_FILE into {@code out} (not ended); length 0 = to the end. Completes with the byte count.
   * The answer's header must come within the pool's read timeout (nothing has reached {@code out}
   * before it, so a caller may then try another server).
   */
  public Future<Long> download(HostPort server, FileId id, long offset, long length, WriteStream<Buffer> out) {
    Buffer body = downloadBody(id, offset, length);
    return pool.with(server, c -> c.within(c.callForStream(Commands.DOWNLOAD_FILE, body), pool.readTimeoutMs())
        .compose(n -> c.pipeBody(n, out).map(n)));
  }

  /** DOWNLOAD_FILE into memory (small files, tests and benchmarks). */
  public Future<Buffer> download(HostPort server, FileId id, long offset, long length) {
    return pool.with(server, c -> c.call(Commands.DOWNLOAD_FILE, downloadBody(id, offset, length), Integer.MAX_VALUE))
        .map(Response::body);
  }

  private static Buffer downloadBody(FileId id, long offset, long length) {
    Buffer body = Buffer.buffer().appendLong(offset).appendLong(length);
    return Wire.appendFixed(body, id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
  }

  public Future<Void> delete(HostPort server, FileId id) {
    return pool.with(server, c -> c.call(Commands.DELETE_FILE, groupAndName(id), MAX_ANSWER)).mapEmpty();
  }

  /** SET_METADATA with op 'O' (overwrite) or 'M' (merge). */
  public Future<Void> setMetadata(HostPort server, FileId id, Map<String, String> meta, char op) {
    byte[] name = id.remoteFilename().getBytes(StandardCharsets.UTF_8);
    byte[] encoded = Metadata.encode(Metadata.fromUtf8(meta));
    Buffer body = Buffer.buffer().appendLong(name.length).appendLong(encoded.length).appendByte((byte) op);
    Wire.appendFixed(body, id.group(), Wire.GROUP_NAME_LEN).appendBytes(name).appendBytes(encoded);
    return pool.with(server, c -> c.call(Commands.SET_METADATA, body, MAX_ANSWER)).mapEmpty();
  }

  public Future<Map<String, String>> getMetadata(HostPort server, FileId id) {
    return pool.with(server, c -> c.call(Commands.GET_METADATA, groupAndName(id), MAX_ANSWER))
        .map(r -> (Map<String, String>) Metadata.utf8(Metadata.decode(r.body().getBytes())));
  }

  public Future<FileInfo> queryFileInfo(HostPort server, FileId id) {
    return pool.with(server, c -> c.call(Commands.QUERY_FILE_INFO, groupAndName(id), MAX_ANSWER)).map(r -> {
      Buffer b = r.body();
      return new FileInfo(b.getLong(0), b.getLong(8), b.getLong(16), Wire.readFixed(b, 24, Wire.IP_ADDR_FIELD));
    });
  }

  private static Buffer groupAndName(FileId id) {
    return Wire.appendFixed(Buffer.buffer(), id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
  }
}
