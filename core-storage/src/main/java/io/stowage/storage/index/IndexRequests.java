package io.stowage.storage.index;

import io.stowage.common.proto.DataTail;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Parsing and validation of the index commands' JSON bodies; every violation is EINVAL. */
final class IndexRequests {
  /** Longest S3 key, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;
  /** Most entries one INDEX_LIST answers. */
  static final int MAX_LIMIT = 1000;
  /** Largest request body (an entry of a many-part upload is the biggest thing sent). */
  static final int MAX_BODY = 4 << 20;
  /** Largest inline object accepted (the gateway's inline_max_size is capped below this). */
  static final int MAX_INLINE_BYTES = 1 << 20;
  /** Longest prefix or startAfter accepted (longer ones could never match a key anyway). */
  static final int MAX_BOUND_BYTES = 4 * MAX_KEY_BYTES;

  private IndexRequests() {}

  /** The body as a JSON object; bytes sent as a {@link DataTail} are its {@code data} field. */
  static Future<JsonObject> body(Request req) {
    return req.readRest(MAX_BODY).map(b -> {
      try {
        return DataTail.decode(b);
      } catch (DecodeException | ClassCastException | IllegalStateException e) {
        throw invalid("body is not a JSON object");
      }
    });
  }

  /** {@code "bucket"}: 3..63 characters of {@code [a-z0-9.-]}. */
  static String bucket(JsonObject j) {
    String b = string(j, "bucket");
    if (b == null || b.length() < 3 || b.length() > 63) {
      throw invalid("bucket name must have 3..63 characters");
    }
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        throw invalid("bucket name may only have a-z 0-9 . -");
      }
    }
    return b;
  }

  /** {@code "key"}: well-formed UTF-8 of 1..1024 bytes. */
  static byte[] key(JsonObject j) {
    String k = string(j, "key");
    if (k == null || k.isEmpty()) {
      throw invalid("key missing or empty");
    }
    byte[] b = utf8(k, "key");
    if (b.length > MAX_KEY_BYTES) {
      throw invalid("key of " + b.length + " bytes over " + MAX_KEY_BYTES);
    }
    return b;
  }

  /** An optional string bound ({@code prefix}, {@code startAfter}); null when absent or null. */
  static byte[] bound(JsonObject j, String field) {
    String s = string(j, field);
    if (s == null) {
      return null;
    }
    byte[] b = utf8(s, field);
    if (b.length > MAX_BOUND_BYTES) {
      throw invalid(field + " of " + b.length + " bytes over " + MAX_BOUND_BYTES);
    }
    return b;
  }

  /** {@code "limit"}: 0..1000, default 1000. */
  static int limit(JsonObject j) {
    Object v = j.getValue("limit");
    if (v == null) {
      return MAX_LIMIT;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw invalid("limit is not an integer");
    }
    long l = ((Number) v).longValue();
    if (l < 0 || l > MAX_LIMIT) {
      throw invalid("limit " + l + " outside 0.." + MAX_LIMIT);
    }
    return (int) l;
  }

  /** {@code "entry"}: a JSON object, returned as the UTF-8 bytes that are stored. */
  static byte[] entry(JsonObject j) {
    Object v = j.getValue("entry");
    if (!(v instanceof JsonObject e)) {
      throw invalid("entry is not a JSON object");
    }
    return e.toBuffer().getBytes();
  }

  /**
   * {@code "data"}: the inline bytes of a small object (a {@link DataTail}, or base64 in the JSON;
   * 1..{@link #MAX_INLINE_BYTES}); null when absent.
   */
  static byte[] inlineData(JsonObject j) {
    if (j.getMap().get("data") == null) { // not getValue: it would base64-encode bytes passed in-process
      return null;
    }
    byte[] data;
    try {
      data = j.getBinary("data");
    } catch (ClassCastException | IllegalArgumentException e) {
      throw invalid("data is not base64");
    }
    if (data.length == 0 || data.length > MAX_INLINE_BYTES) {
      throw invalid("inline data of " + data.length + " bytes outside 1.." + MAX_INLINE_BYTES);
    }
    return data;
  }

  private static String string(JsonObject j, String field) {
    Object v = j.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw invalid(field + " is not a string");
    }
    return s;
  }

  /** UTF-8 bytes, refusing strings with lone surrogates (which have no UTF-8 form). */
  private static byte[] utf8(String s, String field) {
    try {
      ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      return Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
    } catch (CharacterCodingException e) {
      throw invalid(field + " is not valid UTF-8");
    }
  }

  static ProtoException invalid(String what) {
    return new ProtoException(ErrorCode.EINVAL, what);
  }
}
