package io.stowage.common.proto;

/** A failure with a core status code; the one exception type of the core layer. */
public class ProtoException extends RuntimeException {
  private final ErrorCode code;

  public ProtoException(ErrorCode code, String message) {
    super(code + ": " + message, null, false, false);
    this.code = code;
  }

  public ProtoException(ErrorCode code, String message, Throwable cause) {
    super(code + ": " + message, cause, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The status to put on the wire for any failure. */
  public static ErrorCode codeOf(Throwable t) {
    if (t instanceof ProtoException p) {
      return p.code;
    }
    if (t instanceof java.nio.file.NoSuchFileException) {
      return ErrorCode.ENOENT;
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException) {
      return ErrorCode.EEXIST;
    }
    return ErrorCode.EIO;
  }
}
