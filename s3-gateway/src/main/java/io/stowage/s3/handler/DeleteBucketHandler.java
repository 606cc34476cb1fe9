package io.stowage.s3.handler;

import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/** DeleteBucket: BucketNotEmpty while the home group's index has a key of it, else 204. */
public final class DeleteBucketHandler implements S3Handler {
  private final Backend backend;

  public DeleteBucketHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String name = ctx.bucket();
    return backend.bucket(name).compose(bucket -> backend.indexServer(bucket)
        .compose(server -> backend.index().isEmpty(server, name)
            .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(empty -> {
          if (!empty) {
            return Future.failedFuture(S3Exception.of(S3Error.BUCKET_NOT_EMPTY).withBucket(name));
          }
          return backend.cluster().deleteBucket(name)
              .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.NO_SUCH_BUCKET).withBucket(name)));
        }))
        .compose(v -> ctx.sendEmpty(204));
  }
}
