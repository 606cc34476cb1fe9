package io.stowage.s3.http;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.List;
import java.util.Set;

/**
 * Decides whether an authenticated credential may perform an operation, from its grants (opaque
 * strings on the trackers, written by the admin UI, see docs/internal-protocol.md):
 * {@code admin} (everything), {@code bucket:<name>:read}, {@code bucket:<name>:write},
 * {@code bucket:<name>:read-write}, {@code bucket:<name>:admin} (everything on that bucket,
 * including creating and deleting it). A credential without grants may do nothing but list the
 * (zero) buckets it can see. The gateway's configured root credential is always {@code admin}.
 * Pure functions; called by the choke point for every request after authentication.
 */
public final class Authorizer {
  public static final String ADMIN = "admin";

  private static final Set<S3Operation> READ = Set.of(S3Operation.HEAD_BUCKET, S3Operation.GET_BUCKET_LOCATION,
      S3Operation.GET_BUCKET_VERSIONING, S3Operation.LIST_OBJECTS, S3Operation.LIST_OBJECTS_V2, S3Operation.LIST_OBJECT_VERSIONS,
      S3Operation.GET_OBJECT, S3Operation.HEAD_OBJECT);
  private static final Set<S3Operation> WRITE = Set.of(S3Operation.PUT_OBJECT, S3Operation.COPY_OBJECT,
      S3Operation.DELETE_OBJECT, S3Operation.DELETE_OBJECTS, S3Operation.CREATE_MULTIPART_UPLOAD,
      S3Operation.UPLOAD_PART, S3Operation.UPLOAD_PART_COPY, S3Operation.COMPLETE_MULTIPART_UPLOAD, S3Operation.ABORT_MULTIPART_UPLOAD,
      S3Operation.LIST_PARTS, S3Operation.LIST_MULTIPART_UPLOADS);

  private Authorizer() {}

  /**
   * Throws AccessDenied unless {@code grants} allow {@code op} on {@code bucket}.
   *
   * @param copySourceBucket for CopyObject, the source bucket (which needs read access), else null
   */
  public static void check(List<String> grants, S3Operation op, String bucket, String copySourceBucket) {
    if (grants.contains(ADMIN) || op == S3Operation.LIST_BUCKETS) {
      return;
    }
    if (!allows(grants, op, bucket)) {
      throw S3Exception.of(S3Error.ACCESS_DENIED);
    }
    if (copySourceBucket != null && !allows(grants, S3Operation.GET_OBJECT, copySourceBucket)) {
      throw S3Exception.of(S3Error.ACCESS_DENIED);
    }
  }

  /** Whether the grants allow some access to {@code bucket} (ListBuckets shows only those). */
  public static boolean seesBucket(List<String> grants, String bucket) {
    if (grants.contains(ADMIN)) {
      return true;
    }
    String prefix = "bucket:" + bucket + ":";
    for (String g : grants) {
      if (g.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static boolean allows(List<String> grants, S3Operation op, String bucket) {
    if (bucket == null) {
      return false;
    }
    String prefix = "bucket:" + bucket + ":";
    for (String g : grants) {
      if (!g.startsWith(prefix)) {
        continue;
      }
      String level = g.substring(prefix.length());
      boolean ok = switch (level) {
        case "admin" -> true;
        case "read-write" -> READ.contains(op) || WRITE.contains(op);
        case "read" -> READ.contains(op);
        case "write" -> WRITE.contains(op);
        default -> false;
      };
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
