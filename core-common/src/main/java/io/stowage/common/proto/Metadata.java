package io.stowage.common.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * FastDFS's metadata format: records {@code name\x02value} joined by {@code \x01}, sorted by name,
 * stored in {@code <name>-m} next to the data file and sent as-is on the wire. Names and values are
 * byte strings; they are held as ISO-8859-1 strings here so every byte survives unchanged and
 * {@link String#compareTo} is byte order. Use {@link #utf8} for text.
 */
public final class Metadata {
  public static final byte RECORD_SEP = 0x01;
  public static final byte FIELD_SEP = 0x02;
  public static final char OVERWRITE = 'O';
  public static final char MERGE = 'M';
  /** Largest metadata body accepted (FastDFS has no fixed limit; this bounds memory per request). */
  public static final int MAX_BYTES = 1 << 20;

  private Metadata() {}

  /** Decodes the wire/file form. Empty input = no metadata. A record without a value separator has an empty value. */
  public static SortedMap<String, String> decode(byte[] raw) {
    SortedMap<String, String> out = new TreeMap<>();
    int start = 0;
    for (int i = 0; i <= raw.length; i++) {
      if (i == raw.length || raw[i] == RECORD_SEP) {
        if (i > start) {
          int sep = start;
          while (sep < i && raw[sep] != FIELD_SEP) {
            sep++;
          }
          String name = new String(raw, start, sep - start, StandardCharsets.ISO_8859_1);
          String value = sep < i ? new String(raw, sep + 1, i - sep - 1, StandardCharsets.ISO_8859_1) : "";
          if (name.isEmpty()) {
            throw new ProtoException(ErrorCode.EINVAL, "metadata record with an empty name");
          }
          out.put(name, value);
        }
        start = i + 1;
      }
    }
    return out;
  }

  /** Encodes sorted by name. */
  public static byte[] encode(Map<String, String> meta) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(meta).entrySet()) {
      if (e.getKey().isEmpty() || hasSeparator(e.getKey()) || hasSeparator(e.getValue())) {
        throw new ProtoException(ErrorCode.EINVAL, "metadata name or value contains a separator byte");
      }
      if (!first) {
        b.write(RECORD_SEP);
      }
      first = false;
      b.writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
      b.write(FIELD_SEP);
      b.writeBytes(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
    }
    return b.toByteArray();
  }

  /** {@code M}: the update's names replace or add to the existing ones. */
  public static SortedMap<String, String> merge(Map<String, String> existing, Map<String, String> update) {
    SortedMap<String, String> out = new TreeMap<>(existing);
    out.putAll(update);
    return out;
  }

  /** Converts byte-string (ISO-8859-1) metadata to text, decoding as UTF-8. */
  public static SortedMap<String, String> utf8(Map<String, String> meta) {
    SortedMap<String, String> out = new TreeMap<>();
    meta.forEach((k, v) -> out.put(recode(k, true), recode(v, true)));
    return out;
  }

  /** Converts text metadata to the byte-string form this class encodes (UTF-8 bytes). */
  public static SortedMap<String, String> fromUtf8(Map<String, String> meta) {
    SortedMap<String, String> out = new TreeMap<>();
    meta.forEach((k, v) -> out.put(recode(k, false), recode(v, false)));
    return out;
  }

  private static String recode(String s, boolean toUtf8) {
    return toUtf8
        ? new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
        : new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static boolean hasSeparator(String s) {
    return s.indexOf(RECORD_SEP) >= 0 || s.indexOf(FIELD_SEP) >= 0;
  }
}
