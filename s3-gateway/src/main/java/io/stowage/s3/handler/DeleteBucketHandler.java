package io.stowage.s3.handler;

import io.stowage.common.client.IndexEntry;
import io.stowage.common.config.HostPort;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/**
 * DeleteBucket: BucketNotEmpty while the home group's index has a key of it; otherwise multipart
 * uploads still in progress are aborted (their parts removed) and the bucket is unregistered: 204.
 */
public final class DeleteBucketHandler implements S3Handler {
  private final Backend backend;

  public DeleteBucketHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String name = ctx.bucket();
    return backend.bucket(name).compose(backend::indexServer).compose(server ->
        backend.index().isEmpty(server, name)
            .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
            .compose(empty -> {
              if (!empty) {
                return Future.failedFuture(S3Exception.of(S3Error.BUCKET_NOT_EMPTY).withBucket(name));
              }
              return abortUploads(server, name).compose(v -> backend.deleteBucket(name));
            }))
        .compose(v -> ctx.sendEmpty(204));
  }

  private Future<Void> abortUploads(HostPort server, String bucket) {
    String ib = MultipartUploads.indexBucket(bucket);
    return backend.index().list(server, ib, "u/", null, 1000)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
        .compose(page -> {
          Future<Void> chain = Future.succeededFuture();
          for (IndexEntry e : page.entries()) {
            String uploadId = e.entry().getString("uploadId");
            chain = chain.compose(v -> backend.index().delete(server, ib, MultipartUploads.uploadKey(uploadId))
                .compose(x -> MultipartUploads.allParts(backend, server, bucket, uploadId))
                .compose(parts -> MultipartUploads.deleteParts(backend, server, bucket, uploadId, parts, true)));
          }
          return page.truncated() ? chain.compose(v -> abortUploads(server, bucket)) : chain;
        });
  }
}
