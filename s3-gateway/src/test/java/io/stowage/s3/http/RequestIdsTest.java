package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void formatIsSixteenUpperCaseHexDigitsLikeTheFormatter() {
        long[][] cases = {{0, 0}, {0xDEADBEEFL, 1}, {0xFFFFFFFFL, 0xFFFFFFFFL}, {0x0A0B0C0DL, 0x12345678L}};
        for (long[] c : cases) {
            assertEquals(String.format("%08X%08X", c[0], c[1]), RequestIds.format(c[0], c[1]));
        }
    }

    @Test
    void dateHeaderIsFormattedOncePerSecond() {
        DateHeader d = new DateHeader();
        String first = d.at(1_700_000_000_123L);
        assertEquals(HttpDates.rfc1123(1_700_000_000_000L), first);
        assertSame(first, d.at(1_700_000_000_999L));
        assertEquals(HttpDates.rfc1123(1_700_000_001_000L), d.at(1_700_000_001_000L));
    }
}
