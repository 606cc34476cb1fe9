package io.stowage.s3.handler;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Object metadata in and out of HTTP headers, and the request headers that name unimplemented features. */
final class ObjectHeaders {
  /** Content headers stored with the object and returned on GET/HEAD. */
  static final List<String> STORED = List.of("Cache-Control", "Content-Disposition", "Content-Encoding",
      "Content-Language", "Expires");
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  static final int MAX_KEY_BYTES = 1024;
  /** AWS's limit on the user metadata of one object. */
  static final int MAX_USER_META_BYTES = 2048;
  private static final String META = "x-amz-meta-";

  private ObjectHeaders() {}

  static void checkKey(String key) {
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw S3Exception.of(S3Error.KEY_TOO_LONG).withDetail("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES));
    }
  }

  /** Headers of a write that ask for something not implemented: 501 rather than silently ignored. */
  static void rejectUnsupported(MultiMap h) {
    for (String name : h.names()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.startsWith("x-amz-server-side-encryption") || n.startsWith("x-amz-object-lock-")
          || n.startsWith("x-amz-grant-") || n.equals("x-amz-tagging") || n.equals("x-amz-website-redirect-location")
          || n.equals("x-amz-tagging-directive")) {
        throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: the " + n + " header");
      }
    }
    String acl = h.get("x-amz-acl");
    if (acl != null && !acl.strip().equals("private")) {
      throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: canned ACL " + acl);
    }
    String sc = h.get("x-amz-storage-class");
    if (sc != null && !sc.strip().equals("STANDARD")) {
      throw S3Exception.of(S3Error.INVALID_STORAGE_CLASS);
    }
  }

  static String contentType(MultiMap h) {
    String ct = h.get("content-type");
    return ct == null || ct.isBlank() ? DEFAULT_CONTENT_TYPE : ct;
  }

  /** The stored content headers; {@code aws-chunked} is transport framing and never stored. */
  static Map<String, String> contentHeaders(MultiMap h) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : STORED) {
      String v = h.get(name);
      if (v == null) {
        continue;
      }
      if (name.equals("Content-Encoding")) {
        v = withoutAwsChunked(v);
        if (v.isEmpty()) {
          continue;
        }
      }
      out.put(name, v);
    }
    return out;
  }

  static String withoutAwsChunked(String contentEncoding) {
    StringBuilder sb = new StringBuilder();
    for (String p : contentEncoding.split(",")) {
      String t = p.strip();
      if (!t.isEmpty() && !t.equalsIgnoreCase("aws-chunked")) {
        if (sb.length() > 0) {
          sb.append(',');
        }
        sb.append(t);
      }
    }
    return sb.toString();
  }

  static Map<String, String> userMeta(MultiMap h) {
    Map<String, String> out = new LinkedHashMap<>();
    int bytes = 0;
    for (Map.Entry<String, String> e : h.entries()) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      if (n.startsWith(META) && n.length() > META.length()) {
        String k = n.substring(META.length());
        String v = out.containsKey(k) ? out.get(k) + "," + e.getValue() : e.getValue();
        out.put(k, v);
        bytes += k.length() + e.getValue().length();
      }
    }
    if (bytes > MAX_USER_META_BYTES) {
      throw S3Exception.of(S3Error.INVALID_ARGUMENT, "Your metadata headers exceed the maximum allowed metadata size")
          .withDetail("Size", Integer.toString(bytes))
          .withDetail("MaxSizeAllowed", Integer.toString(MAX_USER_META_BYTES));
    }
    return out;
  }

  /**
   * The headers of GET/HEAD (and of a 304): ETag, Last-Modified, content headers, user metadata,
   * and checksums when the client asked with {@code x-amz-checksum-mode: ENABLED}.
   */
  static void write(HttpServerResponse resp, ObjectEntry e, QueryParams params, boolean checksums) {
    resp.putHeader("ETag", e.quotedEtag());
    resp.putHeader("Last-Modified", HttpDates.rfc1123(e.lastModified()));
    resp.putHeader("Accept-Ranges", "bytes");
    resp.putHeader("Content-Type", override(params, "response-content-type", e.contentType()));
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      resp.putHeader(h.getKey(), h.getValue());
    }
    overrideHeader(resp, params, "response-cache-control", "Cache-Control");
    overrideHeader(resp, params, "response-content-disposition", "Content-Disposition");
    overrideHeader(resp, params, "response-content-encoding", "Content-Encoding");
    overrideHeader(resp, params, "response-content-language", "Content-Language");
    overrideHeader(resp, params, "response-expires", "Expires");
    for (Map.Entry<String, String> m : e.userMeta().entrySet()) {
      resp.putHeader(META + m.getKey(), m.getValue());
    }
    if (checksums) {
      for (Map.Entry<String, String> c : e.checksums().entrySet()) {
        resp.putHeader("x-amz-checksum-" + c.getKey().toLowerCase(Locale.ROOT), c.getValue());
        resp.putHeader("x-amz-checksum-type", c.getValue().contains("-") ? "COMPOSITE" : "FULL_OBJECT");
      }
    }
  }

  private static String override(QueryParams params, String param, String value) {
    String v = params == null ? null : params.get(param);
    return v != null ? v : value;
  }

  private static void overrideHeader(HttpServerResponse resp, QueryParams params, String param, String header) {
    String v = params == null ? null : params.get(param);
    if (v != null) {
      resp.putHeader(header, v);
    }
  }
}
