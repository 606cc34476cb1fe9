package io.stowage.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTimeTest {
    @Test
    void parseAmzDateAgreesWithTheFormatterOverManyInstants() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(0, 4102444800L)); // 1970 .. 2100
            assertEquals(t, RequestTime.parseAmzDate(RequestTime.formatAmzDate(t)));
        }
        Instant leap = Instant.parse("2024-02-29T23:59:59Z");
        assertEquals(leap, RequestTime.parseAmzDate("20240229T235959Z"));
        assertEquals(leap.truncatedTo(ChronoUnit.DAYS), RequestTime.parseAmzDate("20240229T000000Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20230229T000000Z", "20130431T000000Z", "20131301T000000Z", "20130001T000000Z",
        "20130100T000000Z", "20130524T240000Z", "20130524T006000Z", "20130524T000060Z", "20130524 000000Z",
        "20130524T000000z", "2013052AT000000Z", "+0130524T000000Z", "20130524T00000Z", ""})
    void parseAmzDateRejectsWhatTheStrictFormatterRejects(String value) {
        assertNull(RequestTime.parseAmzDate(value));
    }
}
