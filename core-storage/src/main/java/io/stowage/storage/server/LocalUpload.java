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
 * {@link UploadFileHandler} (admission, replication, durability). Admission and the commit run on
 * the storage server's context, which owns the replication state. The bytes are written to the temp
 * file from the caller's own context when no peer takes them (a one-server group: no state of the
 * storage server is touched while they stream, and each body buffer is spared a hop between event
 * loops with its wake-up); with peers they are carried over to the storage server's context with
 * back-pressure ({@link ContextBridgeStream}) and streamed to the peers from there.
 */
public final class LocalUpload {
  /** Body bytes allowed to wait on the storage side before the caller's stream is paused. */
  static final long MAX_QUEUED = 1 << 20;

  private LocalUpload() {}

  /**
   * Uploads {@code length} bytes of {@code content} (a stream delivering on the caller's context)
   * to the storage server whose handlers run on {@code storageContext}. The answer completes on the
   * caller's context (on {@code storageContext} when called from outside any context). A body that
   * breaks, or holds more or fewer bytes than {@code length}, fails the upload and leaves no file;
   * after any failure the rest of the body is read and discarded, as a connection skips it.
   */
  public static Future<FileId> upload(StorageContext ctx, Context storageContext, int storePathIndex, String ext,
      ReadStream<Buffer> content, long length, boolean appender) {
    Context caller = Vertx.currentContext() != null ? Vertx.currentContext() : storageContext;
    // as the wire carries them: a signed byte, and at most EXT_NAME_LEN bytes of extension
    int pathIndex = (byte) storePathIndex;
    String wireExt = Wire.readFixed(Wire.appendFixed(Buffer.buffer(), ext, Wire.EXT_NAME_LEN), 0, Wire.EXT_NAME_LEN);
    Promise<FileId> answer = Promise.promise();
    storageContext.runOnContext(v -> {
      UploadFileHandler.Admitted admitted;
      try {
        admitted = UploadFileHandler.admit(ctx, pathIndex, length, wireExt, appender);
      } catch (RuntimeException e) {
        ContextBridgeStream.onContext(caller, () -> StreamBody.discard(content));
        completeOn(caller, answer, Future.failedFuture(e));
        return;
      }
      Future<FileId> stored = admitted.local()
          ? receiveOnCaller(ctx, caller, storageContext, admitted, content)
          : receiveBridged(ctx, caller, storageContext, admitted, content);
      stored.onComplete(ar -> completeOn(caller, answer, ar));
    });
    return answer.future();
  }

  /** The bytes written from the caller's context; completes on the storage server's. */
  private static Future<FileId> receiveOnCaller(StorageContext ctx, Context caller, Context storageContext,
      UploadFileHandler.Admitted admitted, ReadStream<Buffer> content) {
    Promise<Upload.Received> received = Promise.promise();
    ContextBridgeStream.onContext(caller, () -> {
      StreamBody body = new StreamBody(content);
      UploadFileHandler.receive(ctx, admitted, body).onFailure(e -> body.drop()).onComplete(received);
    });
    Promise<FileId> stored = Promise.promise();
    received.future().onComplete(done -> ContextBridgeStream.onContext(storageContext,
        () -> UploadFileHandler.finish(ctx, admitted, received.future()).onComplete(stored)));
    return stored.future();
  }

  /** The bytes carried over to the storage server's context and teed to the peers there. */
  private static Future<FileId> receiveBridged(StorageContext ctx, Context caller, Context storageContext,
      UploadFileHandler.Admitted admitted, ReadStream<Buffer> content) {
    Promise<ContextBridgeStream> bridged = Promise.promise();
    ContextBridgeStream.onContext(caller, () -> {
      try {
        bridged.complete(ContextBridgeStream.bridge(content, caller, storageContext, MAX_QUEUED));
      } catch (RuntimeException e) {
        bridged.fail(e); // e.g. a request body already read
      }
    });
    Promise<FileId> stored = Promise.promise();
    bridged.future().onComplete(ar -> ContextBridgeStream.onContext(storageContext, () -> {
      if (ar.failed()) {
        UploadFileHandler.finish(ctx, admitted, Future.failedFuture(ar.cause())).onComplete(stored);
        return;
      }
      ContextBridgeStream body = ar.result();
      UploadFileHandler.finish(ctx, admitted, UploadFileHandler.receive(ctx, admitted, new StreamBody(body)))
          .onFailure(e -> body.drop())
          .onComplete(stored);
    }));
    return stored.future();
  }

  private static <T> void completeOn(Context caller, Promise<T> answer, AsyncResult<T> ar) {
    if (Vertx.currentContext() == caller) {
      answer.handle(ar);
    } else {
      caller.runOnContext(v -> answer.handle(ar));
    }
  }
}
