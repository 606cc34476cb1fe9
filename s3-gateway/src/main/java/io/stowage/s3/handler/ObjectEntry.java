package io.stowage.s3.handler;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An object's index entry, stored as opaque JSON by the storage servers of the bucket's home group:
 * {@code {"fileId","size","etag","contentType","headers":{},"userMeta":{},"checksums":{},"lastModified"}}.
 *
 * @param fileId       the FastDFS file holding the bytes; null for an empty object (nothing stored)
 * @param etag         hex MD5 of the body, without quotes
 * @param headers      stored content headers (Content-Encoding, Content-Disposition, Content-Language,
 *                     Cache-Control, Expires) by their canonical names
 * @param userMeta     {@code x-amz-meta-*} values by lower-case suffix
 * @param checksums    additional checksums by AWS algorithm name ({@code CRC32} -> base64)
 * @param lastModified epoch milliseconds
 */
public record ObjectEntry(String fileId, long size, String etag, String contentType, Map<String, String> headers,
                          Map<String, String> userMeta, Map<String, String> checksums, long lastModified) {
  public ObjectEntry {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    userMeta = Collections.unmodifiableMap(new TreeMap<>(userMeta));
    checksums = Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
  }

  public static ObjectEntry fromJson(JsonObject j) {
    return new ObjectEntry(j.getString("fileId"), j.getLong("size", 0L), j.getString("etag"),
        j.getString("contentType"), strings(j.getJsonObject("headers")), strings(j.getJsonObject("userMeta")),
        strings(j.getJsonObject("checksums")), j.getLong("lastModified", 0L));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("fileId", fileId)
        .put("size", size)
        .put("etag", etag)
        .put("contentType", contentType)
        .put("headers", new JsonObject(new LinkedHashMap<>(headers)))
        .put("userMeta", new JsonObject(new LinkedHashMap<>(userMeta)))
        .put("checksums", new JsonObject(new LinkedHashMap<>(checksums)))
        .put("lastModified", lastModified);
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
