package io.stowage.s3.http;

/**
 * The {@code Date} response header, formatted once per second rather than per response. One per
 * event loop (not thread-safe, and needs not be).
 */
final class DateHeader {
  private long second = Long.MIN_VALUE;
  private String value;

  String now() {
    return at(System.currentTimeMillis());
  }

  String at(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000);
    if (s != second) {
      value = HttpDates.rfc1123(s * 1000);
      second = s;
    }
    return value;
  }
}
