package io.stowage.s3.handler;

import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/** AbortMultipartUpload: the upload record goes first (no more parts accepted), then every part and its file. */
public final class AbortMultipartUploadHandler implements S3Handler {
  private final Backend backend;

  public AbortMultipartUploadHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String uploadId = ctx.params().get("uploadId");
    return backend.bucket(bucketName).compose(backend::indexServer).compose(server ->
        MultipartUploads.upload(backend, server, bucketName, ctx.key(), uploadId).compose(upload ->
            backend.index().delete(server, MultipartUploads.indexBucket(bucketName), MultipartUploads.uploadKey(uploadId))
                .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
                .compose(v -> MultipartUploads.allParts(backend, server, bucketName, uploadId))
                .compose(parts -> MultipartUploads.deleteParts(backend, server, bucketName, uploadId, parts, true))))
        .compose(v -> ctx.sendEmpty(204));
  }
}
