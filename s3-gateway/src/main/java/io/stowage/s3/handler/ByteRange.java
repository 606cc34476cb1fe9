package io.stowage.s3.handler;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;

/**
 * A single byte range of an object, from a {@code Range} header: {@code bytes=a-b},
 * {@code bytes=a-} (open-ended) or {@code bytes=-n} (suffix). Like S3, a header that is not one
 * well-formed range (several ranges, other units, garbage) is ignored and the whole object is sent;
 * a well-formed range outside the object is 416 InvalidRange.
 *
 * @param start  first byte
 * @param length number of bytes, at least 1
 */
public record ByteRange(long start, long length) {

  public long end() {
    return start + length - 1;
  }

  /** {@code bytes a-b/size}, the value of Content-Range. */
  public String contentRange(long size) {
    return "bytes " + start + "-" + end() + "/" + size;
  }

  /** The range to serve, or null for the whole object. */
  public static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = h.substring(6).strip();
    if (spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    if (a.isEmpty()) {
      Long n = number(b);
      if (n == null) {
        return null;
      }
      if (n == 0 || size == 0) {
        throw invalid(header, size);
      }
      long len = Math.min(n, size);
      return new ByteRange(size - len, len);
    }
    Long start = number(a);
    if (start == null) {
      return null;
    }
    Long last = b.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : number(b);
    if (last == null || last < start) {
      return null;
    }
    if (start >= size) {
      throw invalid(header, size);
    }
    long end = Math.min(last, size - 1);
    return new ByteRange(start, end - start + 1);
  }

  private static Long number(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(s);
  }

  private static S3Exception invalid(String header, long size) {
    return S3Exception.of(S3Error.INVALID_RANGE)
        .withDetail("RangeRequested", header)
        .withDetail("ActualObjectSize", Long.toString(size));
  }
}
