package io.stowage.s3.error;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;

/**
 * The only place that turns failures into S3 errors: core status codes ({@link ProtoException})
 * and anything unexpected (InternalError, keeping the cause for the log).
 */
public final class ErrorMapper {
  private ErrorMapper() {}

  /** Maps a failure; ENOENT without context becomes NoSuchKey. */
  public static S3Exception toS3(Throwable t) {
    return toS3(t, S3Error.NO_SUCH_KEY);
  }

  /**
   * Maps a failure; {@code notFound} says what ENOENT means where the call was made (NoSuchBucket
   * for a bucket lookup, NoSuchKey for an index lookup, InternalError for a file an entry names).
   */
  public static S3Exception toS3(Throwable t, S3Error notFound) {
    if (t instanceof S3Exception s) {
      return s;
    }
    if (t instanceof ProtoException p) {
      S3Error e = fromCode(p.code(), notFound);
      return new S3Exception(e, e.isServerError() ? null : e.defaultMessage(), p);
    }
    return new S3Exception(S3Error.INTERNAL_ERROR, null, t);
  }

  /** The S3 error for a core status code. */
  public static S3Error fromCode(ErrorCode code, S3Error notFound) {
    return switch (code) {
      case ENOENT -> notFound;
      case EEXIST -> S3Error.BUCKET_ALREADY_EXISTS;
      case EFBIG -> S3Error.ENTITY_TOO_LARGE;
      case ENAMETOOLONG -> S3Error.KEY_TOO_LONG;
      case ENOSYS -> S3Error.NOT_IMPLEMENTED;
      case EAGAIN, EBUSY -> S3Error.SLOW_DOWN;
      case ENOSPC, ECONNREFUSED, ETIMEDOUT -> S3Error.SERVICE_UNAVAILABLE;
      default -> S3Error.INTERNAL_ERROR;
    };
  }
}
