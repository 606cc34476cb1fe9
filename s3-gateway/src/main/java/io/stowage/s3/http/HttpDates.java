package io.stowage.s3.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The date formats S3 uses: RFC 1123 in headers, ISO 8601 with milliseconds in XML. */
public final class HttpDates {
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HttpDates() {}

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};

  /**
   * {@code Wed, 12 Oct 2009 17:50:00 GMT}: Last-Modified, Date. Written field by field (every GET
   * and HEAD formats one; a DateTimeFormatter costs several times more); years outside 1000-9999
   * go through the formatter.
   */
  public static String rfc1123(long epochMillis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1000 || year > 9999) {
      return RFC_1123.format(Instant.ofEpochMilli(epochMillis));
    }
    StringBuilder sb = new StringBuilder(29);
    sb.append(DAYS[t.getDayOfWeek().ordinal()]).append(", ");
    two(sb, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ').append(year).append(' ');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    return two(sb, t.getSecond()).append(" GMT").toString();
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  /** {@code 2009-10-12T17:50:30.000Z}: LastModified and CreationDate in XML. */
  public static String iso8601(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Parses an HTTP date (RFC 1123, as clients send in If-Modified-Since), or null when malformed. */
  public static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
