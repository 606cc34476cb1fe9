package io.stowage.s3.handler;

import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;

/**
 * Serves one S3 operation for an authenticated request. Completes after the response has been
 * ended; a failure (preferably an {@code S3Exception}) is rendered by the gateway's failure handler.
 */
public interface S3Handler {
  Future<Void> handle(RequestContext ctx);
}
