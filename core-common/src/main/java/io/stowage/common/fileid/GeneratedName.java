package io.stowage.common.fileid;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * FastDFS's self-describing generated file name: 27 URL-safe base64 characters of 20 bytes (source
 * server ID little-endian, creation time, masked size, CRC32, all else big-endian), then a random
 * suffix and the extension, so any tracker can decode source, time and size without a lookup.
 */
public record GeneratedName(int serverId, long createTime, long sizeField, int crc32, String ext) {
  public static final long APPENDER_FLAG = 1L << 58;
  public static final long TRUNK_FLAG = 1L << 59;
  public static final int MAX_SERVER_ID = (1 << 24) - 1;
  public static final int BASE_LEN = 27;
  public static final int MAX_EXT_LEN = 6;

  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  /** A new name for a regular file of {@code size} bytes. */
  public static GeneratedName forFile(int serverId, long createTime, long size, int crc32, String ext) {
    return new GeneratedName(serverId, createTime, maskSize(size), crc32, ext);
  }

  /** A new name for an appender file (size is not fixed, so the name carries the appender flag). */
  public static GeneratedName forAppender(int serverId, long createTime, String ext) {
    return new GeneratedName(serverId, createTime, maskSize(0) | APPENDER_FLAG, 0, ext);
  }

  static long maskSize(long size) {
    if (size >= (1L << 32)) {
      return size;
    }
    // FastDFS keeps the random high word to 23 bits so the appender/trunk flag bits stay clear
    long r = (ThreadLocalRandom.current().nextInt() & 0x007FFFFFL) | 0x80000000L;
    return (r << 32) | size;
  }

  public boolean appender() {
    return (sizeField & APPENDER_FLAG) != 0;
  }

  public boolean trunk() {
    return (sizeField & TRUNK_FLAG) != 0;
  }

  /** The size encoded in the name (meaningless for appender files). */
  public long size() {
    if ((sizeField & 0x8000000000000000L) != 0) {
      return sizeField & 0xffffffffL;
    }
    return sizeField;
  }

  public String encode() {
    ByteBuffer b = ByteBuffer.allocate(20);
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(serverId);
    b.order(ByteOrder.BIG_ENDIAN).putInt((int) createTime).putLong(sizeField).putInt(crc32);
    StringBuilder s = new StringBuilder(ENC.encodeToString(b.array()));
    int extLen = ext == null ? 0 : ext.length();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int digits = extLen == 0 ? 7 : MAX_EXT_LEN - extLen;
    for (int i = 0; i < digits; i++) {
      s.append((char) ('0' + rnd.nextInt(10)));
    }
    if (extLen > 0) {
      s.append('.').append(ext);
    }
    return s.toString();
  }

  /** Decodes the base part of a generated name (the extension is everything after the last dot). */
  public static GeneratedName decode(String name) {
    if (name == null || name.length() < BASE_LEN) {
      throw new ProtoException(ErrorCode.EINVAL, "name too short to be generated");
    }
    byte[] raw;
    try {
      raw = DEC.decode(name.substring(0, BASE_LEN));
    } catch (IllegalArgumentException e) {
      throw new ProtoException(ErrorCode.EINVAL, "not a generated name");
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    int server = b.order(ByteOrder.LITTLE_ENDIAN).getInt();
    b.order(ByteOrder.BIG_ENDIAN);
    long time = b.getInt() & 0xffffffffL;
    long size = b.getLong();
    int crc = b.getInt();
    int dot = name.lastIndexOf('.');
    String ext = dot > BASE_LEN ? name.substring(dot + 1) : "";
    return new GeneratedName(server, time, size, crc, ext);
  }

  /** Checks an extension from the wire: at most 6 chars of [A-Za-z0-9]. */
  public static String checkExt(String ext) {
    if (ext == null) {
      return "";
    }
    if (ext.length() > MAX_EXT_LEN || !ext.matches("[A-Za-z0-9]*")) {
      throw new ProtoException(ErrorCode.EINVAL, "bad file extension");
    }
    return ext;
  }
}
