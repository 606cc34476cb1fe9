package io.stowage.s3.handler;

import io.stowage.common.config.HostPort;
import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.checksum.Checksummer;
import io.stowage.s3.checksum.CrcCombine;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.CompleteMultipartUpload;
import io.stowage.s3.xml.CompleteMultipartUpload.CompletedPart;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CompleteMultipartUpload: checks the listed parts (ascending, present, matching ETags and
 * checksums, 5 MiB minimum except the last), then commits a manifest entry naming the part files —
 * no data is copied. ETag = MD5 of the part MD5s + "-N". Parts not listed are removed. When every
 * listed part was uploaded with the upload's checksum algorithm, the object gets a checksum: COMPOSITE
 * (the algorithm over the concatenated raw part checksums, base64, "-N") or, for
 * {@code x-amz-checksum-type: FULL_OBJECT} CRCs, the part CRCs combined into the CRC of the whole object.
 * A listed part checksum must equal the stored one (InvalidPart).
 */
public final class CompleteMultipartUploadHandler implements S3Handler {
  /** 10,000 parts with every checksum element stay well below this. */
  static final int MAX_BODY = 4 << 20;

  private final Backend backend;

  public CompleteMultipartUploadHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    String uploadId = ctx.params().get("uploadId");
    return backend.bucket(bucketName).compose(bucket -> backend.indexServer(bucket).compose(server ->
        MultipartUploads.upload(backend, server, bucketName, key, uploadId).compose(upload ->
            ctx.readSmallBody(MAX_BODY, S3Error.MALFORMED_XML).compose(body -> {
              CompleteMultipartUpload req = CompleteMultipartUpload.parse(body.getBytes());
              return MultipartUploads.allParts(backend, server, bucketName, uploadId)
                  .compose(parts -> complete(ctx, server, bucketName, key, uploadId, upload, req, parts));
            }))));
  }

  private Future<Void> complete(RequestContext ctx, HostPort server, String bucket, String key, String uploadId,
                                JsonObject upload, CompleteMultipartUpload req, List<MultipartUploads.Part> stored) {
    Map<Integer, MultipartUploads.Part> byNumber = new HashMap<>();
    stored.forEach(p -> byNumber.put(p.number(), p));
    List<ObjectEntry.Part> files = new ArrayList<>();
    List<MultipartUploads.Part> used = new ArrayList<>();
    MessageDigest md5s;
    try {
      md5s = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      return Future.failedFuture(e);
    }
    long size = 0;
    List<CompletedPart> listed = req.parts();
    for (int i = 0; i < listed.size(); i++) {
      CompletedPart c = listed.get(i);
      MultipartUploads.Part p = byNumber.get(c.partNumber());
      if (p == null || !p.etag().equals(c.normalizedETag())) {
        return Future.failedFuture(S3Exception.of(S3Error.INVALID_PART)
            .withDetail("UploadId", uploadId).withDetail("PartNumber", Integer.toString(c.partNumber())));
      }
      for (Map.Entry<ChecksumAlgorithm, String> sum : c.checksums().entrySet()) {
        String mine = p.checksums().get(sum.getKey().awsName());
        if (mine == null || !mine.equals(sum.getValue().strip())) {
          return Future.failedFuture(S3Exception.of(S3Error.INVALID_PART)
              .withDetail("UploadId", uploadId).withDetail("PartNumber", Integer.toString(c.partNumber())));
        }
      }
      if (i < listed.size() - 1 && p.size() < MultipartUploads.MIN_PART_SIZE) {
        return Future.failedFuture(S3Exception.of(S3Error.ENTITY_TOO_SMALL)
            .withDetail("ProposedSize", Long.toString(p.size()))
            .withDetail("MinSizeAllowed", Long.toString(MultipartUploads.MIN_PART_SIZE))
            .withDetail("PartNumber", Integer.toString(c.partNumber()))
            .withDetail("ETag", p.etag()));
      }
      md5s.update(HexFormat.of().parseHex(p.etag()));
      files.add(new ObjectEntry.Part(p.fileId(), p.size()));
      used.add(p);
      size += p.size();
    }
    if (size > backend.config().maxObjectSize() * 1024) {
      return Future.failedFuture(S3Exception.of(S3Error.ENTITY_TOO_LARGE));
    }
    String etag = HexFormat.of().formatHex(md5s.digest()) + "-" + listed.size();
    Map<String, String> headers = strings(upload.getJsonObject("headers"));
    Map<String, String> userMeta = strings(upload.getJsonObject("userMeta"));
    Map<String, String> checksums = "FULL_OBJECT".equals(upload.getString("checksumType"))
        ? fullObjectChecksum(upload.getString("checksumAlgorithm"), used)
        : compositeChecksum(upload.getString("checksumAlgorithm"), used);
    ObjectEntry entry = new ObjectEntry(null, size, etag, upload.getString("contentType"), headers, userMeta,
        checksums, System.currentTimeMillis(), files);
    List<MultipartUploads.Part> unused = stored.stream().filter(p -> !used.contains(p)).toList();
    return backend.entryOrNull(server, bucket, key).compose(old ->
        backend.index().put(server, bucket, key, entry.toJson())
            .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
            .compose(v -> backend.index().delete(server, MultipartUploads.indexBucket(bucket),
                MultipartUploads.uploadKey(uploadId)).otherwiseEmpty())
            .compose(v -> {
              XmlWriter w = XmlWriter.withDeclaration();
              w.start("CompleteMultipartUploadResult", "xmlns", XmlWriter.S3_NAMESPACE)
                  .element("Location", "/" + bucket + "/" + key)
                  .element("Bucket", bucket)
                  .element("Key", key)
                  .element("ETag", entry.quotedEtag());
              for (Map.Entry<String, String> c : checksums.entrySet()) {
                w.element("Checksum" + c.getKey(), c.getValue());
                ctx.response().putHeader("x-amz-checksum-" + c.getKey().toLowerCase(Locale.ROOT), c.getValue());
              }
              for (String value : checksums.values()) {
                String type = value.contains("-") ? "COMPOSITE" : "FULL_OBJECT";
                w.element("ChecksumType", type);
                ctx.response().putHeader("x-amz-checksum-type", type);
              }
              w.end();
              return ctx.sendXml(w);
            })
            .onSuccess(v -> {
              MultipartUploads.deleteParts(backend, server, bucket, uploadId, used, false)
                  .compose(x -> MultipartUploads.deleteParts(backend, server, bucket, uploadId, unused, true));
              backend.deleteFilesQuietly(old, entry);
            }));
  }

  /**
   * The composite checksum of a multipart object ({@code {"CRC32": "base64-N"}}), as AWS computes
   * it: the algorithm applied to the concatenated raw checksums of the parts, base64, then
   * {@code -N}. The algorithm is the one named at CreateMultipartUpload, else the one every part
   * was uploaded with; empty when some part has no checksum of that algorithm (e.g. UploadPartCopy).
   */
  static Map<String, String> compositeChecksum(String declared, List<MultipartUploads.Part> parts) {
    if (parts.isEmpty()) {
      return Map.of();
    }
    ChecksumAlgorithm alg;
    if (declared != null) {
      alg = ChecksumAlgorithm.fromName(declared);
    } else {
      Map<String, String> first = parts.get(0).checksums();
      if (first.size() != 1) {
        return Map.of();
      }
      try {
        alg = ChecksumAlgorithm.fromName(first.keySet().iterator().next());
      } catch (RuntimeException e) {
        return Map.of();
      }
    }
    Checksummer sum = alg.newChecksummer();
    for (MultipartUploads.Part p : parts) {
      String v = p.checksums().get(alg.awsName());
      if (v == null || !alg.isWellFormed(v)) {
        return Map.of();
      }
      byte[] raw = Base64.getDecoder().decode(v.strip());
      sum.update(raw, 0, raw.length);
    }
    return Map.of(alg.awsName(), sum.base64() + "-" + parts.size());
  }

  /**
   * The full-object checksum of a multipart object (CRC algorithms only, declared at
   * CreateMultipartUpload with {@code x-amz-checksum-type: FULL_OBJECT}): the part CRCs combined
   * with the part sizes into the CRC of the whole object, no {@code -N} suffix. Empty when a part
   * has no checksum of that algorithm.
   */
  static Map<String, String> fullObjectChecksum(String declared, List<MultipartUploads.Part> parts) {
    if (declared == null || parts.isEmpty()) {
      return Map.of();
    }
    ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(declared);
    if (!CrcCombine.supports(alg)) {
      return Map.of();
    }
    byte[] acc = null;
    for (MultipartUploads.Part p : parts) {
      String v = p.checksums().get(alg.awsName());
      if (v == null || !alg.isWellFormed(v)) {
        return Map.of();
      }
      byte[] raw = Base64.getDecoder().decode(v.strip());
      acc = acc == null ? raw : CrcCombine.combine(alg, acc, raw, p.size());
    }
    return Map.of(alg.awsName(), Base64.getEncoder().encodeToString(acc));
  }

  private static Map<String, String> strings(JsonObject o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o != null) {
      o.fieldNames().forEach(n -> out.put(n, String.valueOf(o.getValue(n))));
    }
    return out;
  }
}
