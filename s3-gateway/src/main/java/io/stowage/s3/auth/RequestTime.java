package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * When a request claims it was signed: {@code x-amz-date} ({@code yyyyMMdd'T'HHmmss'Z'}) or, for
 * older clients, the {@code Date} header (RFC 1123), plus the 15-minute clock-skew rule.
 *
 * @param instant the time
 * @param amzDate the same time in {@code yyyyMMdd'T'HHmmss'Z'} form, as used in strings to sign
 */
public record RequestTime(Instant instant, String amzDate) {
    /** AWS rejects requests more than 15 minutes away from its clock. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter ISO_BASIC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String INVALID = "AWS authentication requires a valid Date or x-amz-date header";

    /** The {@code yyyyMMdd} part used in the credential scope. */
    public String date() {
        return amzDate.substring(0, 8);
    }

    /**
     * Parses an {@code x-amz-date} / {@code X-Amz-Date} value, or null when it is malformed. Read
     * digit by digit (a DateTimeFormatter parse cost a few percent of a small GET); the calendar
     * check stays strict (no February 30th, hours 00-23, seconds 00-59).
     */
    public static Instant parseAmzDate(String value) {
        if (value == null || value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 4, 2);
        int day = digits(value, 6, 2);
        int hour = digits(value, 9, 2);
        int minute = digits(value, 11, 2);
        int second = digits(value, 13, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59
                || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second);
    }

    /** The decimal number in {@code s[from, from+n)}, or -1 when any of it is not an ASCII digit. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Parses an RFC 1123 {@code Date} header (e.g. {@code Tue, 27 Mar 2007 19:36:42 +0000}), or null. */
    public static Instant parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String formatAmzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /**
     * Request time from {@code x-amz-date}, falling back to {@code Date}. Neither valid:
     * AccessDenied, as S3 answers.
     */
    public static RequestTime fromHeaders(MultiMap headers) {
        String amz = headers.get("x-amz-date");
        if (amz != null) {
            Instant t = parseAmzDate(amz.strip());
            if (t == null) {
                throw S3Exception.of(S3Error.ACCESS_DENIED, INVALID);
            }
            return new RequestTime(t, amz.strip());
        }
        Instant t = parseHttpDate(headers.get("date"));
        if (t == null) {
            throw S3Exception.of(S3Error.ACCESS_DENIED, INVALID);
        }
        return new RequestTime(t, formatAmzDate(t));
    }

    /** Fails with RequestTimeTooSkewed when the request time is more than {@code maxSkew} from {@code now}. */
    public static void checkSkew(Instant requestTime, Instant now, Duration maxSkew) {
        Duration diff = Duration.between(requestTime, now).abs();
        if (diff.compareTo(maxSkew) > 0) {
            throw S3Exception.of(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .withDetail("RequestTime", ISO_BASIC_SECONDS.format(requestTime))
                    .withDetail("ServerTime", ISO_BASIC_SECONDS.format(now))
                    .withDetail("MaxAllowedSkewMilliseconds", Long.toString(maxSkew.toMillis()));
        }
    }
}
