package io.stowage.common.proto;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The body of an internal command that carries bytes next to its JSON (an inline object's bytes,
 * binlog lines): a 4-byte big-endian length, that many bytes of JSON, then the raw bytes to the end
 * of the body. The bytes would otherwise travel as base64 inside the JSON, which costs a third more
 * on the wire and an encode and a decode on either side. A JSON length always starts with a zero
 * byte, since bodies are far below 16 MiB, so a body whose first byte is anything else is plain
 * JSON (the form without a tail).
 */
public final class DataTail {
  /** The field a decoded tail is put in, as {@code byte[]} ({@code JsonObject.getBinary} reads it). */
  public static final String FIELD = "data";
  /** Request field: the caller reads answers with a tail. Servers that do not know it ignore it. */
  public static final String ACCEPT = "tail";

  private DataTail() {}

  /** Whether a request asks for answers with a tail ({@value #ACCEPT}{@code :true}). */
  public static boolean asked(JsonObject request) {
    return Boolean.TRUE.equals(request.getValue(ACCEPT));
  }

  /** The body up to the tail: length and JSON. The caller sends the tail's bytes right after it. */
  public static Buffer head(JsonObject json) {
    return head(json.toBuffer(), 0);
  }

  /** A whole body: {@code json} followed by {@code data}. */
  public static Buffer encode(JsonObject json, byte[] data) {
    return encode(json.toBuffer(), data);
  }

  /** A whole body from JSON already encoded (e.g. spliced from stored bytes) followed by {@code data}. */
  public static Buffer encode(Buffer json, byte[] data) {
    return head(json, data.length).appendBytes(data);
  }

  /** Length and JSON, in a buffer with room for {@code tailLength} more bytes. */
  private static Buffer head(Buffer json, int tailLength) {
    return Buffer.buffer(4 + json.length() + tailLength).appendInt(json.length()).appendBuffer(json);
  }

  /**
   * A body in either form as one JSON object; a tail's bytes are in {@link #FIELD}. An empty body is
   * an empty object.
   *
   * @throws DecodeException when the body is neither form, or has a tail and a {@code data} field too
   */
  public static JsonObject decode(Buffer body) {
    if (body.length() == 0) {
      return new JsonObject();
    }
    if (body.getByte(0) != 0) {
      return new JsonObject(body);
    }
    if (body.length() < 4) {
      throw new DecodeException("body of " + body.length() + " bytes is neither JSON nor JSON with a tail");
    }
    int jsonLength = body.getInt(0);
    if (jsonLength < 2 || jsonLength > body.length() - 4) {
      throw new DecodeException("JSON length " + jsonLength + " outside a body of " + body.length() + " bytes");
    }
    JsonObject json = new JsonObject(body.slice(4, 4 + jsonLength));
    if (json.containsKey(FIELD)) {
      throw new DecodeException("a body with a tail has a \"" + FIELD + "\" field as well");
    }
    int tailStart = 4 + jsonLength;
    if (tailStart < body.length()) {
      json.put(FIELD, body.getBytes(tailStart, body.length()));
    }
    return json;
  }
}
