package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The storage server running in this JVM, reachable without a socket. A co-located gateway calls it
 * directly instead of through the FastDFS protocol over loopback: the same commands with the same
 * checks and answers, minus the framing, the JSON text and two kernel hops per call. It also serves
 * short-circuit local reads (as HDFS's): a file's bytes straight from disk when the cluster view
 * says this server is ACTIVE for the file's group.
 *
 * <p>Every returned future completes on the caller's Vert.x context.
 */
public interface LocalStorage {
  /** The local storage server's address as the trackers list it. */
  HostPort server();

  /**
   * The data file of {@code id} as the storage server itself resolves it; empty when {@code id} is
   * not of its group or names nothing inside its data tree. Does not touch the disk.
   */
  Optional<Path> path(FileId id);

  /**
   * An index command ({@code INDEX_PUT}, {@code INDEX_GET}, {@code INDEX_DELETE}, {@code INDEX_LIST},
   * {@code INDEX_COUNT}) with the request and answer the wire carries as JSON text, as objects; a
   * refusal fails with the same {@link io.stowage.common.proto.ProtoException} the wire would carry.
   * Binary fields ({@code "data"}) may be {@code byte[]} instead of base64 text.
   */
  Future<JsonObject> index(byte command, JsonObject request);

  /**
   * UPLOAD_FILE (or UPLOAD_APPENDER_FILE) of {@code length} bytes read from {@code content}, with
   * the same durability and replication as over the wire; {@code storePathIndex} -1 lets the server
   * choose.
   */
  Future<FileId> upload(int storePathIndex, String ext, ReadStream<Buffer> content, long length, boolean appender);

  /**
   * Refuses, with the ENOSPC {@link io.stowage.common.proto.ProtoException} the upload itself would
   * fail with, an upload of {@code length} bytes the server would not take now (its disk full, or at
   * its reserve): a caller can answer before it reads any of the body. Promises nothing; the upload
   * checks again.
   */
  void checkUpload(int storePathIndex, long length);
}
