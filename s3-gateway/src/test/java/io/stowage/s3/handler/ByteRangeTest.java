package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.error.S3Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {
  @ParameterizedTest
  @CsvSource({
      "bytes=0-0, 100, 0, 1",
      "bytes=0-99, 100, 0, 100",
      "bytes=10-19, 100, 10, 10",
      "bytes=90-200, 100, 90, 10",
      "bytes=50-, 100, 50, 50",
      "bytes=-10, 100, 90, 10",
      "bytes=-500, 100, 0, 100",
      "bytes=99-, 100, 99, 1",
  })
  void parsesSingleRanges(String header, long size, long start, long length) {
    ByteRange r = ByteRange.parse(header, size);
    assertEquals(start, r.start());
    assertEquals(length, r.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0"})
  void unsatisfiableIsInvalidRange(String header) {
    S3Exception e = assertThrows(S3Exception.class, () -> ByteRange.parse(header, 100));
    assertEquals("InvalidRange", e.code());
    assertEquals(416, e.httpStatus());
  }

  @ParameterizedTest
  @ValueSource(strings = {"items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=", "bytes=-"})
  void malformedIsIgnored(String header) {
    assertNull(ByteRange.parse(header, 100));
  }

  @Test
  void contentRangeNamesTheSlice() {
    assertEquals("bytes 10-19/100", ByteRange.parse("bytes=10-19", 100).contentRange(100));
  }

  @Test
  void emptyObjectHasNoSatisfiableRange() {
    assertThrows(S3Exception.class, () -> ByteRange.parse("bytes=0-", 0));
    assertThrows(S3Exception.class, () -> ByteRange.parse("bytes=-1", 0));
  }
}
