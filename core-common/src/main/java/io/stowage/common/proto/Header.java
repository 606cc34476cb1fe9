package io.stowage.common.proto;

import io.vertx.core.buffer.Buffer;

/** The 10-byte FastDFS frame header: body length (int64 BE), command, status. */
public record Header(long bodyLength, byte cmd, byte status) {
  public static final int SIZE = 10;

  public static Header decode(Buffer b) {
    long len = b.getLong(0);
    if (len < 0) {
      throw new ProtoException(ErrorCode.EINVAL, "negative body length " + len);
    }
    return new Header(len, b.getByte(8), b.getByte(9));
  }

  public Buffer encode() {
    return Buffer.buffer(SIZE).appendLong(bodyLength).appendByte(cmd).appendByte(status);
  }

  public static Buffer encode(long bodyLength, byte cmd, byte status) {
    return new Header(bodyLength, cmd, status).encode();
  }

  public int cmdCode() {
    return cmd & 0xff;
  }

  public int statusCode() {
    return status & 0xff;
  }
}
