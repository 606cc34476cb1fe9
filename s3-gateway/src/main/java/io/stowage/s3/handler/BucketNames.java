package io.stowage.s3.handler;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;

/** S3's bucket naming rules for new buckets. */
final class BucketNames {
  private BucketNames() {}

  static boolean isValid(String name) {
    if (name == null || name.length() < 3 || name.length() > 63) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        return false;
      }
    }
    if (!alnum(name.charAt(0)) || !alnum(name.charAt(name.length() - 1))) {
      return false;
    }
    if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
      return false;
    }
    if (name.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return false;
    }
    return !(name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias")
        || name.endsWith("--ol-s3") || name.endsWith(".mrap") || name.endsWith("--x-s3"));
  }

  static void check(String name) {
    if (!isValid(name)) {
      throw S3Exception.of(S3Error.INVALID_BUCKET_NAME).withBucket(name);
    }
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
