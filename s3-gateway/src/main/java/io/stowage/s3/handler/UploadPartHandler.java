package io.stowage.s3.handler;

import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;

/**
 * UploadPart: the body becomes a file of the home group (streamed, digested, verified as in
 * PutObject), recorded as part N of the upload; a re-uploaded part replaces (and removes) the old one.
 */
public final class UploadPartHandler implements S3Handler {
  private final Backend backend;

  public UploadPartHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    String uploadId = ctx.params().get("uploadId");
    int number;
    try {
      number = MultipartUploads.partNumber(ctx.params().get("partNumber"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String indexBucket = MultipartUploads.indexBucket(bucketName);
    String partKey = MultipartUploads.partKey(uploadId, number);
    return backend.objectBucket(bucketName).compose(bucket -> backend.indexServer(bucket).compose(server ->
        MultipartUploads.upload(backend, server, bucketName, key, uploadId).compose(upload ->
            backend.index().get(server, indexBucket, partKey).map(MultipartUploads.Part::fromJson)
                .otherwise((MultipartUploads.Part) null)
                .compose(old -> BodyStore.store(backend, ctx, bucket.homeGroup()).compose(stored -> {
                  MultipartUploads.Part part;
                  try {
                    if (stored.body().length() > backend.config().maxObjectSize()) {
                      throw S3Exception.of(S3Error.ENTITY_TOO_LARGE);
                    }
                    Map<String, String> sums = stored.body().verify();
                    part = new MultipartUploads.Part(number, stored.fileId(), stored.body().length(),
                        stored.body().digests().md5Hex(), System.currentTimeMillis(), sums);
                  } catch (RuntimeException e) {
                    return backend.deleteFileQuietly(stored.fileId()).transform(ar -> Future.failedFuture(e));
                  }
                  return backend.index().put(server, indexBucket, partKey, part.toJson())
                      .recover(e -> backend.deleteFileUnlessIndexed(stored.fileId(), e)
                          .transform(ar -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
                      .compose(v -> {
                        HttpServerResponse resp = ctx.response();
                        resp.putHeader("ETag", "\"" + part.etag() + "\"");
                        for (Map.Entry<String, String> c : part.checksums().entrySet()) {
                          resp.putHeader("x-amz-checksum-" + c.getKey().toLowerCase(Locale.ROOT), c.getValue());
                        }
                        return resp.setStatusCode(200).end();
                      })
                      .onSuccess(v -> {
                        if (old != null && old.fileId() != null && !old.fileId().equals(part.fileId())) {
                          backend.deleteFileQuietly(old.fileId());
                        }
                      });
                })))));
  }
}
