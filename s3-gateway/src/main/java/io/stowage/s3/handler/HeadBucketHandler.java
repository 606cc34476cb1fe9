package io.stowage.s3.handler;

import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/** HeadBucket: 200 with the bucket's region, 404 (no body) when it does not exist. */
public final class HeadBucketHandler implements S3Handler {
  private final Backend backend;

  public HeadBucketHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    return backend.bucket(ctx.bucket()).compose(b -> {
      ctx.response().putHeader("x-amz-bucket-region", backend.config().region());
      return ctx.sendEmpty(200);
    });
  }
}
