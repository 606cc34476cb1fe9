package io.stowage.s3.handler;

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
 * "parts"?:[{"fileId","size"}]}}.
 *
 * @param fileId       the FastDFS file holding the bytes; null for an empty or multipart object
 * @param parts        the files of a multipart object, in order (empty otherwise)
 * @param etag         hex MD5 of the body, without quotes
 * @param headers      stored content headers (Content-Encoding, Content-Disposition, Content-Language,
 *                     Cache-Control, Expires) by their canonical names
 * @param userMeta     {@code x-amz-meta-*} values by lower-case suffix
 * @param checksums    additional checksums by AWS algorithm name ({@code CRC32} -> base64)
 * @param lastModified epoch milliseconds
 */
public record ObjectEntry(String fileId, long size, String etag, String contentType, Map<String, String> headers,
                          Map<String, String> userMeta, Map<String, String> checksums, long lastModified,
                          List<Part> parts) {
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
    this(fileId, size, etag, contentType, headers, userMeta, checksums, lastModified, List.of());
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
    return new ObjectEntry(j.getString("fileId"), j.getLong("size", 0L), j.getString("etag"),
        j.getString("contentType"), strings(j.getJsonObject("headers")), strings(j.getJsonObject("userMeta")),
        strings(j.getJsonObject("checksums")), j.getLong("lastModified", 0L), parts);
  }

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
