package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.config.HostPort;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
          Meta meta = new Meta(contentType, headers, userMeta);
          return BodyStore.store(backend, ctx, bucket.homeGroup())
              .compose(stored -> commit(ctx, server, bucket, key, stored, meta, old));
        })));
  }

  record Meta(String contentType, Map<String, String> headers, Map<String, String> userMeta) {}

  private Future<Void> commit(RequestContext ctx, HostPort server, BucketInfo bucket, String key,
                              BodyStore.Stored stored, Meta meta, ObjectEntry old) {
    ObjectEntry entry;
    try {
      Map<String, String> checksums = stored.body().verify();
      entry = new ObjectEntry(stored.fileId(), stored.body().length(), stored.body().digests().md5Hex(),
          meta.contentType, meta.headers, meta.userMeta, checksums, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return backend.deleteFileQuietly(stored.fileId()).transform(ar -> Future.failedFuture(e));
    }
    return backend.index().put(server, bucket.name(), key, entry.toJson())
        .recover(e -> backend.deleteFileQuietly(stored.fileId())
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
        .onSuccess(v -> backend.deleteFilesQuietly(old, entry));
  }
}
