package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.config.HostPort;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * PutObject. A body of known length up to {@code inline_max_size} is read into memory, verified and
 * stored inline in the index entry: one replicated index write. A larger one is streamed to a storage
 * server of the bucket's home group while hashing it, verified, then the index entry is committed;
 * any failure after the upload removes the uploaded file (the write guard). The index write answers
 * the entry it replaced, whose files are then removed; the current entry is read first only for a
 * conditional PUT.
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
    Meta meta;
    try {
      ObjectHeaders.checkKey(key);
      ObjectHeaders.rejectUnsupported(h);
      meta = new Meta(ObjectHeaders.contentType(h), ObjectHeaders.contentHeaders(h), ObjectHeaders.userMeta(h));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return backend.objectBucket(bucketName).compose(bucket -> backend.indexServer(bucket).compose(server ->
        current(server, bucketName, key, h).compose(current -> {
          Conditions.checkPut(h, current);
          if (InlineBody.fits(ctx, backend.config().inlineMaxSize())) {
            return InlineBody.read(ctx, backend.config().maxObjectSize())
                .compose(read -> commitInline(ctx, server, bucket, key, read, meta));
          }
          return BodyStore.store(backend, ctx, bucket.homeGroup())
              .compose(stored -> commit(ctx, server, bucket, key, stored, meta));
        })));
  }

  record Meta(String contentType, Map<String, String> headers, Map<String, String> userMeta) {}

  /** The current entry when a condition needs it (If-Match, If-None-Match), else null without asking. */
  private Future<ObjectEntry> current(HostPort server, String bucket, String key, MultiMap h) {
    if (h.get("if-match") == null && h.get("if-none-match") == null) {
      return Future.succeededFuture(null);
    }
    return backend.entryOrNull(server, bucket, key);
  }

  private Future<Void> commitInline(RequestContext ctx, HostPort server, BucketInfo bucket, String key,
                                    InlineBody.Read read, Meta meta) {
    ObjectEntry entry;
    try {
      Map<String, String> checksums = read.body().verify();
      entry = ObjectEntry.inline(read.data(), read.body().digests().md5Hex(), meta.contentType, meta.headers,
          meta.userMeta, checksums, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return backend.index().putReplacing(server, bucket.name(), key, entry.toJson(), entry.inline())
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
        .compose(replaced -> answer(ctx, entry, replaced));
  }

  private Future<Void> commit(RequestContext ctx, HostPort server, BucketInfo bucket, String key,
                              BodyStore.Stored stored, Meta meta) {
    ObjectEntry entry;
    try {
      Map<String, String> checksums = stored.body().verify();
      entry = new ObjectEntry(stored.fileId(), stored.body().length(), stored.body().digests().md5Hex(),
          meta.contentType, meta.headers, meta.userMeta, checksums, System.currentTimeMillis());
    } catch (RuntimeException e) {
      return backend.deleteFileQuietly(stored.fileId()).transform(ar -> Future.failedFuture(e));
    }
    return backend.index().putReplacing(server, bucket.name(), key, entry.toJson(), null)
        .recover(e -> backend.deleteFileUnlessIndexed(stored.fileId(), e)
            .transform(ar -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(replaced -> answer(ctx, entry, replaced));
  }

  /** Removes the replaced entry's files in the background, then answers 200 with the ETag and checksums. */
  private Future<Void> answer(RequestContext ctx, ObjectEntry entry, JsonObject replaced) {
    // the new entry is committed: the old files go even if the client is gone by now
    backend.deleteFilesQuietly(replaced == null ? null : ObjectEntry.fromJson(replaced), entry);
    HttpServerResponse resp = ctx.response();
    resp.putHeader("ETag", entry.quotedEtag());
    for (Map.Entry<String, String> c : entry.checksums().entrySet()) {
      resp.putHeader("x-amz-checksum-" + c.getKey().toLowerCase(Locale.ROOT), c.getValue());
      resp.putHeader("x-amz-checksum-type", "FULL_OBJECT");
    }
    return resp.setStatusCode(200).end();
  }
}
