package io.stowage.s3.http;

/** Request IDs as AWS shapes them: 16 upper-case hex digits, written without a formatter. */
final class RequestIds {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RequestIds() {}

  /** {@code prefix} and {@code counter}, each as 8 hex digits (their low 32 bits). */
  static String format(long prefix, long counter) {
    char[] c = new char[16];
    for (int i = 7; i >= 0; i--) {
      c[i] = HEX[(int) (prefix & 0xf)];
      prefix >>>= 4;
      c[8 + i] = HEX[(int) (counter & 0xf)];
      counter >>>= 4;
    }
    return new String(c);
  }
}
