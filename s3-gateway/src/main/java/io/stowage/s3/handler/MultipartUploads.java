package io.stowage.s3.handler;

import io.stowage.common.client.IndexEntry;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where multipart uploads in progress live: in the key index of the bucket's home group, under a
 * companion index "bucket" {@code mpu..<sha1(bucket)>} that can never be a real bucket name (real
 * names may not contain {@code ..}), so uploads never show in listings or keep a bucket non-empty.
 * Keys there: {@code u/<uploadId>} (the upload: key, metadata, initiated) and
 * {@code p/<uploadId>/<5-digit part number>} (a part: file, size, ETag, checksums).
 */
final class MultipartUploads {
  static final int MAX_PARTS = 10_000;
  /** Every part but the last must be at least this big. */
  static final long MIN_PART_SIZE = 5L << 20;

  /** A stored part. */
  record Part(int number, String fileId, long size, String etag, long lastModified, Map<String, String> checksums) {
    static Part fromJson(JsonObject j) {
      Map<String, String> sums = new LinkedHashMap<>();
      JsonObject c = j.getJsonObject("checksums", new JsonObject());
      c.fieldNames().forEach(n -> sums.put(n, c.getString(n)));
      return new Part(j.getInteger("number"), j.getString("fileId"), j.getLong("size", 0L), j.getString("etag"),
          j.getLong("lastModified", 0L), sums);
    }

    JsonObject toJson() {
      return new JsonObject().put("number", number).put("fileId", fileId).put("size", size).put("etag", etag)
          .put("lastModified", lastModified).put("checksums", new JsonObject(new LinkedHashMap<>(checksums)));
    }
  }

  private MultipartUploads() {}

  static String indexBucket(String bucket) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-1").digest(bucket.getBytes(StandardCharsets.UTF_8));
      return "mpu.." + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is mandatory in every JRE", e);
    }
  }

  static String newUploadId() {
    return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
  }

  static String uploadKey(String uploadId) {
    return "u/" + uploadId;
  }

  static String partsPrefix(String uploadId) {
    return "p/" + uploadId + "/";
  }

  static String partKey(String uploadId, int number) {
    return partsPrefix(uploadId) + String.format("%05d", number);
  }

  static int partNumber(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_PARTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive",
        "partNumber", value);
  }

  /** The upload record; NoSuchUpload when absent or not for {@code key}. */
  static Future<JsonObject> upload(Backend backend, HostPort server, String bucket, String key, String uploadId) {
    if (uploadId == null || !uploadId.matches("[0-9a-f]{64}")) {
      return Future.failedFuture(noSuchUpload(uploadId));
    }
    return backend.index().get(server, indexBucket(bucket), uploadKey(uploadId)).recover(e -> {
      if (e instanceof ProtoException p && p.code() == ErrorCode.ENOENT) {
        return Future.failedFuture(noSuchUpload(uploadId));
      }
      return Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR));
    }).compose(u -> key.equals(u.getString("key")) ? Future.succeededFuture(u)
        : Future.failedFuture(noSuchUpload(uploadId)));
  }

  static S3Exception noSuchUpload(String uploadId) {
    return S3Exception.of(S3Error.NO_SUCH_UPLOAD).withDetail("UploadId", uploadId);
  }

  /** Parts after {@code afterNumber} (0 = from the first), at most {@code limit}; the boolean says more follow. */
  static Future<Map.Entry<List<Part>, Boolean>> parts(Backend backend, HostPort server, String bucket, String uploadId,
                                                      int afterNumber, int limit) {
    String prefix = partsPrefix(uploadId);
    String after = afterNumber == 0 ? null : partKey(uploadId, afterNumber);
    return backend.index().list(server, indexBucket(bucket), prefix, after, limit)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
        .map(page -> {
          List<Part> out = new ArrayList<>();
          for (IndexEntry e : page.entries()) {
            out.add(Part.fromJson(e.entry()));
          }
          return Map.entry(out, page.truncated());
        });
  }

  /** Every part of an upload, in order. */
  static Future<List<Part>> allParts(Backend backend, HostPort server, String bucket, String uploadId) {
    return allParts(backend, server, bucket, uploadId, 0, new ArrayList<>());
  }

  private static Future<List<Part>> allParts(Backend backend, HostPort server, String bucket, String uploadId,
                                             int after, List<Part> acc) {
    return parts(backend, server, bucket, uploadId, after, 1000).compose(page -> {
      acc.addAll(page.getKey());
      if (!page.getValue() || page.getKey().isEmpty()) {
        return Future.succeededFuture(acc);
      }
      return allParts(backend, server, bucket, uploadId, acc.get(acc.size() - 1).number(), acc);
    });
  }

  /** Removes part records (one after another) and, when {@code withFiles}, their files. */
  static Future<Void> deleteParts(Backend backend, HostPort server, String bucket, String uploadId, List<Part> parts,
                                  boolean withFiles) {
    Future<Void> chain = Future.succeededFuture();
    String ib = indexBucket(bucket);
    for (Part p : parts) {
      chain = chain.compose(v -> backend.index().delete(server, ib, partKey(uploadId, p.number()))
          .transform(ar -> withFiles ? backend.deleteFileQuietly(p.fileId()) : Future.succeededFuture()));
    }
    return chain;
  }
}
