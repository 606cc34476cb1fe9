package io.stowage.common.proto;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Fixed-width, NUL-padded fields and big-endian integers as FastDFS lays them out. */
public final class Wire {
  private Wire() {}

  public static final int GROUP_NAME_LEN = 16;
  public static final int IP_ADDR_LEN = 15;
  public static final int IP_ADDR_FIELD = 16;
  public static final int STORAGE_ID_LEN = 16;
  public static final int EXT_NAME_LEN = 6;
  public static final int PREFIX_LEN = 16;
  public static final int VERSION_LEN = 8;

  public static Buffer appendFixed(Buffer b, String s, int width) {
    byte[] bytes = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(bytes.length, width);
    b.appendBytes(bytes, 0, n);
    for (int i = n; i < width; i++) {
      b.appendByte((byte) 0);
    }
    return b;
  }

  /** Reads a NUL-padded field; the string ends at the first NUL. */
  public static String readFixed(Buffer b, int offset, int width) {
    int end = offset;
    int limit = offset + width;
    while (end < limit && b.getByte(end) != 0) {
      end++;
    }
    return b.getString(offset, end, "UTF-8");
  }

  public static String string(Buffer b, int offset) {
    return b.getString(offset, b.length(), "UTF-8");
  }
}
