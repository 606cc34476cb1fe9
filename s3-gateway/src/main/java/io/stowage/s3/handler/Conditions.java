package io.stowage.s3.handler;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.vertx.core.MultiMap;
import java.time.Instant;

/** Conditional request headers (RFC 9110 precedence, as S3 applies them). */
final class Conditions {
  private Conditions() {}

  /**
   * GET/HEAD conditions. Returns true when the answer is 304 Not Modified; throws PreconditionFailed
   * (412) when If-Match or If-Unmodified-Since does not hold.
   */
  static boolean notModified(MultiMap h, ObjectEntry e) {
    String ifMatch = h.get("if-match");
    if (ifMatch != null) {
      if (!etagMatches(ifMatch, e)) {
        throw precondition("If-Match");
      }
    } else if (modifiedSince(h.get("if-unmodified-since"), e) == Boolean.TRUE) {
      throw precondition("If-Unmodified-Since");
    }
    String ifNoneMatch = h.get("if-none-match");
    if (ifNoneMatch != null) {
      return etagMatches(ifNoneMatch, e);
    }
    return modifiedSince(h.get("if-modified-since"), e) == Boolean.FALSE;
  }

  /** CopyObject's x-amz-copy-source-if-* conditions on the source; any that fails is 412. */
  static void checkCopySource(MultiMap h, ObjectEntry e) {
    String ifMatch = h.get("x-amz-copy-source-if-match");
    if (ifMatch != null && !etagMatches(ifMatch, e)) {
      throw precondition("x-amz-copy-source-If-Match");
    }
    if (ifMatch == null && modifiedSince(h.get("x-amz-copy-source-if-unmodified-since"), e) == Boolean.TRUE) {
      throw precondition("x-amz-copy-source-If-Unmodified-Since");
    }
    String ifNoneMatch = h.get("x-amz-copy-source-if-none-match");
    if (ifNoneMatch != null && etagMatches(ifNoneMatch, e)) {
      throw precondition("x-amz-copy-source-If-None-Match");
    }
    if (ifNoneMatch == null && modifiedSince(h.get("x-amz-copy-source-if-modified-since"), e) == Boolean.FALSE) {
      throw precondition("x-amz-copy-source-If-Modified-Since");
    }
  }

  /**
   * PutObject's conditional writes against the current entry (null when the key is absent):
   * {@code If-None-Match: *} and {@code If-Match}.
   */
  static void checkPut(MultiMap h, ObjectEntry current) {
    String ifNoneMatch = h.get("if-none-match");
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.strip().equals("*")) {
        throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "If-None-Match on PUT supports only '*'");
      }
      if (current != null) {
        throw precondition("If-None-Match");
      }
    }
    String ifMatch = h.get("if-match");
    if (ifMatch != null) {
      if (current == null) {
        throw S3Exception.of(S3Error.NO_SUCH_KEY);
      }
      if (!etagMatches(ifMatch, current)) {
        throw precondition("If-Match");
      }
    }
  }

  static boolean etagMatches(String header, ObjectEntry e) {
    for (String t : header.split(",")) {
      String v = t.strip();
      if (v.startsWith("W/")) {
        v = v.substring(2);
      }
      if (v.equals("*") || v.equals(e.quotedEtag()) || v.equals(e.etag())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the object changed after the date (second precision); null when the header is absent or invalid. */
  private static Boolean modifiedSince(String header, ObjectEntry e) {
    Instant t = HttpDates.parse(header);
    if (t == null) {
      return null;
    }
    return e.lastModified() / 1000 > t.getEpochSecond();
  }

  private static S3Exception precondition(String condition) {
    return S3Exception.of(S3Error.PRECONDITION_FAILED).withDetail("Condition", condition);
  }
}
