package io.stowage.s3.http;

import io.stowage.s3.auth.AwsUriEncoding;
import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one route table: addressing (path-style or virtual-hosted-style against the configured base
 * domains), then the operation from method, bucket/key presence and query subresources.
 * Subresources the gateway does not implement are listed in {@link #UNSUPPORTED_SUBRESOURCES} and
 * answer 501 NotImplemented rather than being ignored.
 */
public final class S3Router {
  /** Query subresources that name features not implemented yet (bucket or object level). */
  public static final Set<String> UNSUPPORTED_SUBRESOURCES = Set.of(
      "accelerate", "acl", "analytics", "attributes", "cors", "encryption", "intelligent-tiering", "inventory",
      "legal-hold", "lifecycle", "logging", "metadataConfiguration", "metadataTable", "metrics", "notification",
      "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject",
      "replication", "requestPayment", "restore", "retention", "select", "session", "tagging", "torrent",
      "website");

  private final List<String> baseDomains;

  /** @param baseDomains lower-case domains for virtual-hosted-style addressing; empty = path-style only */
  public S3Router(List<String> baseDomains) {
    this.baseDomains = List.copyOf(baseDomains);
  }

  /**
   * @param host          the Host header (may carry a port), or null
   * @param rawPath       the request path as sent, still percent-encoded
   * @param hasCopySource whether {@code x-amz-copy-source} is present
   */
  public RoutedRequest route(String method, String host, String rawPath, QueryParams params, boolean hasCopySource) {
    String hostBucket = bucketFromHost(host);
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (!path.startsWith("/")) {
      throw S3Exception.of(S3Error.INVALID_URI);
    }
    String bucket;
    String key;
    if (hostBucket != null) {
      bucket = hostBucket;
      key = path.length() > 1 ? AwsUriEncoding.decode(path.substring(1), false) : null;
    } else {
      int slash = path.indexOf('/', 1);
      String rawBucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
      bucket = rawBucket.isEmpty() ? null : AwsUriEncoding.decode(rawBucket, false);
      String rawKey = slash < 0 ? "" : path.substring(slash + 1);
      key = rawKey.isEmpty() ? null : AwsUriEncoding.decode(rawKey, false);
    }
    try {
      return new RoutedRequest(operation(method, bucket, key, params, hasCopySource), bucket, key, hostBucket, params);
    } catch (S3Exception rejected) {
      return new RoutedRequest(null, bucket, key, hostBucket, params, rejected);
    }
  }

  /** The bucket named by a virtual-hosted-style Host header, or null for path-style. */
  String bucketFromHost(String host) {
    if (host == null || baseDomains.isEmpty()) {
      return null;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      return null;
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    for (String d : baseDomains) {
      if (h.length() > d.length() + 1 && h.endsWith(d) && h.charAt(h.length() - d.length() - 1) == '.') {
        return h.substring(0, h.length() - d.length() - 1);
      }
    }
    return null;
  }

  static S3Operation operation(String method, String bucket, String key, QueryParams params, boolean copySource) {
    if (bucket == null) {
      if (method.equals("GET")) {
        return S3Operation.LIST_BUCKETS;
      }
      throw S3Exception.of(S3Error.METHOD_NOT_ALLOWED);
    }
    for (QueryParams.Param p : params.all()) {
      if (UNSUPPORTED_SUBRESOURCES.contains(p.name())) {
        throw notImplemented("the ?" + p.name() + " subresource");
      }
    }
    String versionId = params.get("versionId");
    if (versionId != null && !versionId.equals("null")) {
      throw notImplemented("object versions");
    }
    if (key == null) {
      return switch (method) {
        case "GET" -> {
          if (params.contains("location")) {
            yield S3Operation.GET_BUCKET_LOCATION;
          }
          if (params.contains("versioning")) {
            yield S3Operation.GET_BUCKET_VERSIONING;
          }
          if (params.contains("versions")) {
            yield S3Operation.LIST_OBJECT_VERSIONS;
          }
          if (params.contains("uploads")) {
            yield S3Operation.LIST_MULTIPART_UPLOADS;
          }
          String listType = params.get("list-type");
          if (listType == null) {
            yield S3Operation.LIST_OBJECTS;
          }
          if (listType.equals("2")) {
            yield S3Operation.LIST_OBJECTS_V2;
          }
          throw S3Exception.invalidArgument("Invalid List Type specified in Request", "list-type", listType);
        }
        case "HEAD" -> S3Operation.HEAD_BUCKET;
        case "PUT" -> {
          if (params.contains("versioning")) {
            throw notImplemented("bucket versioning");
          }
          yield S3Operation.CREATE_BUCKET;
        }
        case "DELETE" -> S3Operation.DELETE_BUCKET;
        case "POST" -> {
          if (params.contains("delete")) {
            yield S3Operation.DELETE_OBJECTS;
          }
          throw notImplemented("POST object (browser-based uploads)");
        }
        default -> throw S3Exception.of(S3Error.METHOD_NOT_ALLOWED);
      };
    }
    boolean uploadId = params.contains("uploadId");
    boolean partNumber = params.contains("partNumber");
    // GET/HEAD with partNumber read one part of an object (GetObjectHandler).
    return switch (method) {
      case "GET" -> {
        if (uploadId) {
          yield S3Operation.LIST_PARTS;
        }
        yield S3Operation.GET_OBJECT;
      }
      case "HEAD" -> S3Operation.HEAD_OBJECT;
      case "PUT" -> {
        if (uploadId || partNumber) {
          if (!uploadId || !partNumber) {
            throw S3Exception.invalidArgument("UploadPart needs both partNumber and uploadId",
                uploadId ? "partNumber" : "uploadId", "");
          }
          yield copySource ? S3Operation.UPLOAD_PART_COPY : S3Operation.UPLOAD_PART;
        }
        yield copySource ? S3Operation.COPY_OBJECT : S3Operation.PUT_OBJECT;
      }
      case "DELETE" -> uploadId ? S3Operation.ABORT_MULTIPART_UPLOAD : S3Operation.DELETE_OBJECT;
      case "POST" -> {
        if (params.contains("uploads")) {
          yield S3Operation.CREATE_MULTIPART_UPLOAD;
        }
        if (uploadId) {
          yield S3Operation.COMPLETE_MULTIPART_UPLOAD;
        }
        throw notImplemented("POST on an object");
      }
      default -> throw S3Exception.of(S3Error.METHOD_NOT_ALLOWED);
    };
  }

  private static S3Exception notImplemented(String what) {
    return S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: " + what);
  }
}
