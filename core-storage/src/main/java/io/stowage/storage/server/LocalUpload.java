package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Wire;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * UPLOAD_FILE from a co-located caller, without a socket: the same pipeline as
 * {@link UploadFileHandler} (admission, replication, durability), run on the storage server's
 * context, with the body carried over from the caller's context with back-pressure.
 */
public final class LocalUpload {
  /** Body bytes allowed to wait on the storage side before the caller's stream is paused. */
  static final long MAX_QUEUED = 1 << 20;

  private LocalUpload() {}

  /**
   * Uploads {@code length} bytes of {@code content} (a stream delivering on the caller's context)
   * to the storage server whose handlers run on {@code storageContext}. The answer completes on the
   * caller's context (on {@code storageContext} when called from outside any context). A body that
   * breaks, or holds more or fewer bytes than {@code length}, fails the upload and leaves no file.
   */
  public static Future<FileId> upload(StorageContext ctx, Context storageContext, int storePathIndex, String ext,
      ReadStream<Buffer> content, long length, boolean appender) {
    Context caller = Vertx.currentContext() != null ? Vertx.currentContext() : storageContext;
    // as the wire carries them: a signed byte, and at most EXT_NAME_LEN bytes of extension
    int pathIndex = (byte) storePathIndex;
    String wireExt = Wire.readFixed(Wire.appendFixed(Buffer.buffer(), ext, Wire.EXT_NAME_LEN), 0, Wire.EXT_NAME_LEN);
    ContextBridgeStream body;
    try {
      body = ContextBridgeStream.bridge(content, caller, storageContext, MAX_QUEUED);
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // e.g. a request body already read
    }
    Promise<FileId> answer = Promise.promise();
    storageContext.runOnContext(v -> store(ctx, pathIndex, length, wireExt, appender, body)
        .onFailure(e -> body.drop()) // the rest of the body is read and discarded, as a connection skips it
        .onComplete(ar -> completeOn(caller, answer, ar)));
    return answer.future();
  }

  private static Future<FileId> store(StorageContext ctx, int pathIndex, long length, String ext, boolean appender,
      ContextBridgeStream body) {
    try {
      return UploadFileHandler.store(ctx, pathIndex, length, ext, appender, new StreamBody(body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static <T> void completeOn(Context caller, Promise<T> answer, AsyncResult<T> ar) {
    if (Vertx.currentContext() == caller) {
      answer.handle(ar);
    } else {
      caller.runOnContext(v -> answer.handle(ar));
    }
  }
}
