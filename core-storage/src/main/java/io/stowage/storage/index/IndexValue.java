package io.stowage.storage.index;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A stored index value: a 14-byte header the storage servers manage — format 1, the hybrid logical
 * clock timestamp (8 bytes) and server ID (4) of the write, flags (1 = tombstone) — followed by the
 * entry's JSON exactly as the gateway sent it. The gateway never sees the header: GET and LIST
 * splice the JSON part, and tombstones read as absent. Values written before replication existed
 * are bare JSON (they start with '{') and order before every clocked write.
 */
public record IndexValue(long hlc, int node, boolean tombstone, byte[] json) {
  static final byte FORMAT = 1;
  static final int HEADER = 14;

  public static IndexValue live(long hlc, int node, byte[] json) {
    return new IndexValue(hlc, node, false, json);
  }

  public static IndexValue tombstone(long hlc, int node) {
    return new IndexValue(hlc, node, true, new byte[0]);
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(HEADER + json.length);
    b.put(FORMAT).putLong(hlc).putInt(node).put((byte) (tombstone ? 1 : 0)).put(json);
    return b.array();
  }

  /** Decodes a stored value; null stays null. */
  public static IndexValue decode(byte[] raw) {
    if (raw == null) {
      return null;
    }
    if (raw.length >= HEADER && raw[0] == FORMAT) {
      ByteBuffer b = ByteBuffer.wrap(raw);
      b.get();
      long hlc = b.getLong();
      int node = b.getInt();
      boolean dead = (b.get() & 1) != 0;
      return new IndexValue(hlc, node, dead, Arrays.copyOfRange(raw, HEADER, raw.length));
    }
    return new IndexValue(0, 0, false, raw);
  }

  /** Whether this write wins over {@code other} (last writer wins; null = nothing there). */
  public boolean newerThan(IndexValue other) {
    return other == null || io.stowage.storage.replication.Hlc.after(hlc, node, other.hlc, other.node);
  }
}
