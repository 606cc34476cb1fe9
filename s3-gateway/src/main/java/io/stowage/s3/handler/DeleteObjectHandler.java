package io.stowage.s3.handler;

import io.stowage.common.config.HostPort;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/** DeleteObject: 204 whether or not the key existed; the entry goes first, then its file. */
public final class DeleteObjectHandler implements S3Handler {
  private final Backend backend;

  public DeleteObjectHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    return backend.objectBucket(bucketName)
        .compose(backend::indexServer)
        .compose(server -> delete(backend, server, bucketName, key))
        .compose(v -> ctx.sendEmpty(204));
  }

  /** Removes a key's entry, then (in the background) its file. */
  static Future<Void> delete(Backend backend, HostPort server, String bucket, String key) {
    return backend.entryOrNull(server, bucket, key).compose(entry -> {
      if (entry == null) {
        return Future.succeededFuture();
      }
      return backend.index().delete(server, bucket, key)
          .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
          .map(existed -> {
            backend.deleteFilesQuietly(entry, null);
            return null;
          });
    });
  }
}
