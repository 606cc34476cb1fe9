package io.stowage.s3.handler;

import io.stowage.common.client.StoreTarget;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestBody;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;

/**
 * Streams a request body into a new file of a group (PutObject, UploadPart): the store target is
 * asked for before the body is opened (so {@code 100 Continue} only goes out when there is
 * somewhere to write), then the decoded body is piped into the upload. Digests are not yet
 * verified: the caller verifies and, on failure, deletes the file.
 */
final class BodyStore {
  /** A body now on a storage server (fileId null for an empty body), not yet verified. */
  record Stored(String fileId, RequestBody body) {}

  private BodyStore() {}

  static Future<Stored> store(Backend backend, RequestContext ctx, String group) {
    long declared = declaredLength(ctx);
    if (declared == 0) {
      RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
      return drain(body).map(v -> new Stored(null, body));
    }
    return backend.cluster().trackers().queryStore(group)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)))
        .compose(target -> upload(backend, ctx, target));
  }

  private static Future<Stored> upload(Backend backend, RequestContext ctx, StoreTarget target) {
    RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
    if (body.length() == 0) {
      return drain(body).map(v -> new Stored(null, body));
    }
    return backend.storage().upload(target, "", body, body.length(), false)
        .map(id -> new Stored(id.toString(), body));
  }

  /** The length the client declared, -1 when unknown; only used to skip the placement query for empty bodies. */
  private static long declaredLength(RequestContext ctx) {
    MultiMap h = ctx.request().headers();
    String v = h.get("x-amz-decoded-content-length");
    if (v == null) {
      v = h.get("content-length");
    }
    try {
      return v == null ? -1 : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reads a body to its end without storing it (an empty object still has framing and trailers to check). */
  static Future<Void> drain(RequestBody body) {
    Promise<Void> p = Promise.promise();
    body.handler(b -> { });
    body.exceptionHandler(p::tryFail);
    body.endHandler(v -> p.tryComplete());
    body.resume();
    return p.future();
  }
}
