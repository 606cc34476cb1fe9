package io.stowage.s3.handler;

import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;

/** CreateMultipartUpload: records the upload (key, metadata) in the home group's index and returns its ID. */
public final class CreateMultipartUploadHandler implements S3Handler {
  private final Backend backend;

  public CreateMultipartUploadHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    MultiMap h = ctx.request().headers();
    JsonObject record;
    String algorithm;
    try {
      ObjectHeaders.checkKey(key);
      ObjectHeaders.rejectUnsupported(h);
      String alg = h.get("x-amz-checksum-algorithm");
      algorithm = alg == null ? null : ChecksumAlgorithm.fromName(alg).awsName();
      String uploadId = MultipartUploads.newUploadId();
      record = new JsonObject()
          .put("bucket", bucketName)
          .put("key", key)
          .put("uploadId", uploadId)
          .put("initiated", System.currentTimeMillis())
          .put("owner", ctx.auth().accessKeyId())
          .put("contentType", ObjectHeaders.contentType(h))
          .put("headers", new JsonObject(new LinkedHashMap<>(ObjectHeaders.contentHeaders(h))))
          .put("userMeta", new JsonObject(new LinkedHashMap<>(ObjectHeaders.userMeta(h))))
          .put("checksumAlgorithm", algorithm);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String uploadId = record.getString("uploadId");
    return backend.bucket(bucketName).compose(backend::indexServer)
        .compose(server -> backend.index().put(server, MultipartUploads.indexBucket(bucketName),
                MultipartUploads.uploadKey(uploadId), record)
            .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(v -> {
          if (algorithm != null) {
            ctx.response().putHeader("x-amz-checksum-algorithm", algorithm);
          }
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("InitiateMultipartUploadResult", "xmlns", XmlWriter.S3_NAMESPACE)
              .element("Bucket", bucketName).element("Key", key).element("UploadId", uploadId).end();
          return ctx.sendXml(w);
        });
  }
}
