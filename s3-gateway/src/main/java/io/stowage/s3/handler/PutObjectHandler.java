package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.config.HostPort;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestBody;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;

/**
 * PutObject: streams the decoded body to a storage server of the bucket's home group while hashing
 * it, verifies every digest the client sent, then commits the index entry. Any failure after the
 * upload removes the uploaded file (the write guard); an overwritten object's file is removed after
 * the new entry is committed.
 */
public final class PutObjectHandler implements S3Handler {
  private final Backend backend;

  public PutObjectHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    MultiMap h = ctx.request().headers();
    String contentType;
    Map<String, String> headers;
    Map<String, String> userMeta;
    try {
      ObjectHeaders.checkKey(key);
      ObjectHeaders.rejectUnsupported(h);
      contentType = ObjectHeaders.contentType(h);
      headers = ObjectHeaders.contentHeaders(h);
      userMeta = ObjectHeaders.userMeta(h);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return backend.bucket(bucketName).compose(bucket -> backend.indexServer(bucket).compose(server ->
        backend.entryOrNull(server, bucketName, key).compose(old -> {
          Conditions.checkPut(h, old);
          return store(ctx, bucket).compose(stored -> commit(ctx, server, bucket, key, stored,
              new Meta(contentType, headers, userMeta), old));
        })));
  }

  record Meta(String contentType, Map<String, String> headers, Map<String, String> userMeta) {}

  /** A body now on a storage server (fileId null for an empty body), not yet verified. */
  record Stored(String fileId, RequestBody body) {}

  private Future<Stored> store(RequestContext ctx, BucketInfo bucket) {
    long declared = declaredLength(ctx);
    if (declared == 0) {
      RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
      return drain(body).map(v -> new Stored(null, body));
    }
    return backend.cluster().trackers().queryStore(bucket.homeGroup())
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)))
        .compose(target -> upload(ctx, target));
  }

  private Future<Stored> upload(RequestContext ctx, StoreTarget target) {
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

  private Future<Void> commit(RequestContext ctx, HostPort server, BucketInfo bucket, String key, Stored stored,
                              Meta meta, ObjectEntry old) {
    ObjectEntry entry;
    try {
      Map<String, String> checksums = stored.body.verify();
      entry = new ObjectEntry(stored.fileId, stored.body.length(), stored.body.digests().md5Hex(), meta.contentType,
          meta.headers, meta.userMeta, checksums, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return backend.deleteFileQuietly(stored.fileId).transform(ar -> Future.failedFuture(e));
    }
    return backend.index().put(server, bucket.name(), key, entry.toJson())
        .recover(e -> backend.deleteFileQuietly(stored.fileId)
            .transform(ar -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(v -> {
          HttpServerResponse resp = ctx.response();
          resp.putHeader("ETag", entry.quotedEtag());
          for (Map.Entry<String, String> c : entry.checksums().entrySet()) {
            resp.putHeader("x-amz-checksum-" + c.getKey().toLowerCase(Locale.ROOT), c.getValue());
            resp.putHeader("x-amz-checksum-type", "FULL_OBJECT");
          }
          return resp.setStatusCode(200).end();
        })
        .onSuccess(v -> {
          if (old != null && old.fileId() != null && !old.fileId().equals(entry.fileId())) {
            backend.deleteFileQuietly(old.fileId());
          }
        });
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
