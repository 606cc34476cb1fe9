package io.stowage.s3.handler;

import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
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
    String checksumType;
    try {
      ObjectHeaders.checkKey(key);
      ObjectHeaders.rejectUnsupported(h);
      String alg = h.get("x-amz-checksum-algorithm");
      algorithm = alg == null ? null : ChecksumAlgorithm.fromName(alg).awsName();
      checksumType = checksumType(h.get("x-amz-checksum-type"), algorithm);
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
          .put("checksumAlgorithm", algorithm)
          .put("checksumType", checksumType);
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
            ctx.response().putHeader("x-amz-checksum-type", checksumType);
          }
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("InitiateMultipartUploadResult", "xmlns", XmlWriter.S3_NAMESPACE)
              .element("Bucket", bucketName).element("Key", key).element("UploadId", uploadId).end();
          return ctx.sendXml(w);
        });
  }

  /**
   * {@code x-amz-checksum-type}: COMPOSITE (default, not for CRC64NVME) or FULL_OBJECT (CRC
   * algorithms only; the default for CRC64NVME); null without an algorithm.
   */
  static String checksumType(String value, String algorithm) {
    if (value == null || value.isBlank()) {
      if (algorithm == null) {
        return null;
      }
      return algorithm.equals("CRC64NVME") ? "FULL_OBJECT" : "COMPOSITE";
    }
    String type = value.strip().toUpperCase(java.util.Locale.ROOT);
    if (!type.equals("COMPOSITE") && !type.equals("FULL_OBJECT")) {
      throw S3Exception.invalidArgument("Value for x-amz-checksum-type header is invalid.", "x-amz-checksum-type",
          value);
    }
    if (algorithm == null) {
      throw S3Exception.of(S3Error.INVALID_REQUEST,
          "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
    }
    if (type.equals("FULL_OBJECT") && !io.stowage.s3.checksum.CrcCombine.supports(ChecksumAlgorithm.fromName(algorithm))
        || type.equals("COMPOSITE") && algorithm.equals("CRC64NVME")) {
      throw S3Exception.of(S3Error.INVALID_REQUEST,
          "The " + algorithm + " checksum algorithm does not support the " + type + " checksum type.");
    }
    return type;
  }
}
