package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  @Test
  void rfc1123MatchesTheFormatterOverManyInstants() {
    Random r = new Random(11);
    for (int i = 0; i < 5000; i++) {
      long millis = r.nextLong(-30_000_000_000_000L, 253_402_300_799_999L); // ~1019 .. 9999-12-31
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(millis)), HttpDates.rfc1123(millis), "at " + millis);
    }
    assertEquals("Mon, 12 Oct 2009 17:50:00 GMT", HttpDates.rfc1123(1255369800000L));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.rfc1123(999));
    assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDates.rfc1123(-1));
  }
}
