package io.stowage.storage.index;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A stored index value: a header the storage servers manage, then the entry's JSON exactly as the
 * gateway sent it and, for a small object stored inline, the object's bytes.
 *
 * <ul>
 *   <li>format 1 (no inline bytes): {@code 1, hlc(8), node(4), flags(1), json}</li>
 *   <li>format 2 (inline bytes): {@code 2, hlc(8), node(4), flags(1), jsonLength(4), json, data}</li>
 * </ul>
 * The clock timestamp and server ID order writes (last writer wins); flag 1 is a tombstone, flag 2
 * says inline data follows. Format 1 is still written when there is no data, so values stay readable
 * by servers that predate inline objects. The JSON comes first and carries its length so GET and LIST
 * splice it without the data: listings never ship inline bytes. The gateway never sees the header;
 * tombstones read as absent. Values written before replication existed are bare JSON (they start
 * with '{') and order before every clocked write.
 *
 * @param data the inline object bytes, null when the object (if any) lives in files
 */
public record IndexValue(long hlc, int node, boolean tombstone, byte[] json, byte[] data) {
  static final byte FORMAT = 1;
  static final byte FORMAT_INLINE = 2;
  static final int HEADER = 14;
  static final int HEADER_INLINE = HEADER + 4;
  static final int FLAG_TOMBSTONE = 1;
  static final int FLAG_INLINE = 2;

  public static IndexValue live(long hlc, int node, byte[] json) {
    return new IndexValue(hlc, node, false, json, null);
  }

  /** A live value with inline object bytes ({@code data} null = none). */
  public static IndexValue live(long hlc, int node, byte[] json, byte[] data) {
    return new IndexValue(hlc, node, false, json, data);
  }

  public static IndexValue tombstone(long hlc, int node) {
    return new IndexValue(hlc, node, true, new byte[0], null);
  }

  public boolean inline() {
    return data != null;
  }

  public byte[] encode() {
    if (data == null) {
      ByteBuffer b = ByteBuffer.allocate(HEADER + json.length);
      b.put(FORMAT).putLong(hlc).putInt(node).put((byte) (tombstone ? FLAG_TOMBSTONE : 0)).put(json);
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(HEADER_INLINE + json.length + data.length);
    b.put(FORMAT_INLINE).putLong(hlc).putInt(node).put((byte) ((tombstone ? FLAG_TOMBSTONE : 0) | FLAG_INLINE))
        .putInt(json.length).put(json).put(data);
    return b.array();
  }

  /** Decodes a stored value; null stays null. */
  public static IndexValue decode(byte[] raw) {
    return decode(raw, true);
  }

  /** Decodes the header and JSON only (for listings): {@code data} stays null even for an inline value. */
  public static IndexValue decodeWithoutData(byte[] raw) {
    return decode(raw, false);
  }

  private static IndexValue decode(byte[] raw, boolean withData) {
    if (raw == null) {
      return null;
    }
    if (raw.length >= HEADER && raw[0] == FORMAT) {
      ByteBuffer b = ByteBuffer.wrap(raw);
      b.get();
      long hlc = b.getLong();
      int node = b.getInt();
      boolean dead = (b.get() & FLAG_TOMBSTONE) != 0;
      return new IndexValue(hlc, node, dead, Arrays.copyOfRange(raw, HEADER, raw.length), null);
    }
    if (raw.length >= HEADER_INLINE && raw[0] == FORMAT_INLINE) {
      ByteBuffer b = ByteBuffer.wrap(raw);
      b.get();
      long hlc = b.getLong();
      int node = b.getInt();
      int flags = b.get();
      int jsonLength = b.getInt();
      if (jsonLength < 0 || jsonLength > raw.length - HEADER_INLINE) {
        throw new IllegalStateException("corrupt index value: JSON length " + jsonLength + " of " + raw.length);
      }
      int dataStart = HEADER_INLINE + jsonLength;
      byte[] json = Arrays.copyOfRange(raw, HEADER_INLINE, dataStart);
      byte[] data = (flags & FLAG_INLINE) != 0 && withData ? Arrays.copyOfRange(raw, dataStart, raw.length) : null;
      return new IndexValue(hlc, node, (flags & FLAG_TOMBSTONE) != 0, json, data);
    }
    return new IndexValue(0, 0, false, raw, null);
  }

  /** Whether this write wins over {@code other} (last writer wins; null = nothing there). */
  public boolean newerThan(IndexValue other) {
    return other == null || io.stowage.storage.replication.Hlc.after(hlc, node, other.hlc, other.node);
  }
}
