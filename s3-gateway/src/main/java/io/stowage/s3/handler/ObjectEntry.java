package io.stowage.s3.handler;

import io.stowage.common.client.IndexClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object's index entry, stored as opaque JSON by the storage servers of the bucket's home group:
 * {@code {"fileId","size","etag","contentType","headers":{},"userMeta":{},"checksums":{},"lastModified",
 * "parts"?:[{"fileId","size"}],"inline"?:true}}. A small object's bytes may be stored inline: they
 * travel next to the JSON (never inside it, so listings do not carry them) and come back from an
 * index GET as {@link IndexClient#INLINE_DATA}.
 *
 * @param fileId       the FastDFS file holding the bytes; null for an empty, multipart or inline object
 * @param parts        the files of a multipart object, in order (empty otherwise)
 * @param etag         hex MD5 of the body, without quotes
 * @param headers      stored content headers (Content-Encoding, Content-Disposition, Content-Language,
 *                     Cache-Control, Expires) by their canonical names
 * @param userMeta     {@code x-amz-meta-*} values by lower-case suffix
 * @param checksums    additional checksums by AWS algorithm name ({@code CRC32} -> base64)
 * @param lastModified epoch milliseconds
 * @param inline       the object's bytes when stored inline in the index entry; null otherwise (and
 *                     in listings, which leave the bytes out)
 */
public record ObjectEntry(String fileId, long size, String etag, String contentType, Map<String, String> headers,
                          Map<String, String> userMeta, Map<String, String> checksums, long lastModified,
                          List<Part> parts, byte[] inline) {
  /** One part of a multipart object: a file (null for an empty part) and its size, in object order. */
  public record Part(String fileId, long size) {}

  public ObjectEntry {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    userMeta = Collections.unmodifiableMap(new TreeMap<>(userMeta));
    checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  /** A single-file (or empty) object. */
  public ObjectEntry(String fileId, long size, String etag, String contentType, Map<String, String> headers,
                     Map<String, String> userMeta, Map<String, String> checksums, long lastModified) {
    this(fileId, size, etag, contentType, headers, userMeta, checksums, lastModified, List.of(), null);
  }

  /** A file-backed (single-file, empty or multipart) object. */
  public ObjectEntry(String fileId, long size, String etag, String contentType, Map<String, String> headers,
                     Map<String, String> userMeta, Map<String, String> checksums, long lastModified,
                     List<Part> parts) {
    this(fileId, size, etag, contentType, headers, userMeta, checksums, lastModified, parts, null);
  }

  /** A small object whose bytes are kept in its index entry. */
  public static ObjectEntry inline(byte[] data, String etag, String contentType, Map<String, String> headers,
                                   Map<String, String> userMeta, Map<String, String> checksums, long lastModified) {
    return new ObjectEntry(null, data.length, etag, contentType, headers, userMeta, checksums, lastModified,
        List.of(), data);
  }

  /** Whether the bytes are stored in the index entry (whether or not this copy carries them). */
  public boolean isInline() {
    return inline != null;
  }

  public boolean isMultipart() {
    return !parts.isEmpty();
  }

  /** Every file holding the object's bytes. */
  public List<String> fileIds() {
    List<String> out = new ArrayList<>();
    if (fileId != null) {
      out.add(fileId);
    }
    for (Part p : parts) {
      if (p.fileId() != null) {
        out.add(p.fileId());
      }
    }
    return out;
  }

  public static ObjectEntry fromJson(JsonObject j) {
    List<Part> parts = new ArrayList<>();
    JsonArray a = j.getJsonArray("parts");
    if (a != null) {
      for (int i = 0; i < a.size(); i++) {
        JsonObject p = a.getJsonObject(i);
        parts.add(new Part(p.getString("fileId"), p.getLong("size", 0L)));
      }
    }
    byte[] inline = j.getBinary(IndexClient.INLINE_DATA); // getValue would base64-encode stored bytes
    if (inline == null && j.getBoolean("inline", false)) {
      inline = NOT_LOADED; // a listing: the object is inline but its bytes were left out
    }
    return new ObjectEntry(j.getString("fileId"), j.getLong("size", 0L), j.getString("etag"),
        j.getString("contentType"), strings(j.getJsonObject("headers")), strings(j.getJsonObject("userMeta")),
        strings(j.getJsonObject("checksums")), j.getLong("lastModified", 0L), parts, inline);
  }

  /** Stands for inline bytes a listing left out (never read: listings do not download). */
  private static final byte[] NOT_LOADED = new byte[0];

  /** The entry JSON to store; inline bytes are sent beside it, never inside. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("fileId", fileId)
        .put("size", size)
        .put("etag", etag)
        .put("contentType", contentType)
        .put("headers", new JsonObject(new LinkedHashMap<>(headers)))
        .put("userMeta", new JsonObject(new LinkedHashMap<>(userMeta)))
        .put("checksums", new JsonObject(new LinkedHashMap<>(checksums)))
        .put("lastModified", lastModified);
    if (!parts.isEmpty()) {
      JsonArray a = new JsonArray();
      for (Part p : parts) {
        a.add(new JsonObject().put("fileId", p.fileId()).put("size", p.size()));
      }
      j.put("parts", a);
    }
    if (inline != null) {
      j.put("inline", true);
    }
    return j;
  }

  /** The ETag as sent in headers and XML: quoted. */
  public String quotedEtag() {
    return "\"" + etag + "\"";
  }

  private static Map<String, String> strings(JsonObject o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o != null) {
      for (String k : o.fieldNames()) {
        Object v = o.getValue(k);
        if (v != null) {
          out.put(k, v.toString());
        }
      }
    }
    return out;
  }
}
