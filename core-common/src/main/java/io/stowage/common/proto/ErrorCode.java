package io.stowage.common.proto;

/** Core status codes: Linux errno values, as FastDFS puts them in the header's status byte. */
public enum ErrorCode {
  OK(0),
  EPERM(1),
  ENOENT(2),
  EIO(5),
  EAGAIN(11),
  EACCES(13),
  EBUSY(16),
  EEXIST(17),
  EINVAL(22),
  EFBIG(27),
  ENOSPC(28),
  ENAMETOOLONG(36),
  ENOSYS(38),
  ENODATA(61),
  ETIMEDOUT(110),
  ECONNREFUSED(111);

  private final int code;

  ErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public byte status() {
    return (byte) code;
  }

  public static ErrorCode of(int status) {
    for (ErrorCode c : values()) {
      if (c.code == status) {
        return c;
      }
    }
    return EIO;
  }
}
