package io.stowage.s3.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthParsersTest {
    private static final String VALID = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";

    @Test
    void parsesAuthorizationHeaderWithOrWithoutSpaces() {
        for (String h : new String[]{VALID, VALID.replace(", ", ","), VALID.replace(", ", " ,  ")}) {
            AuthorizationHeader a = AuthorizationHeaderParser.parse(h);
            assertEquals("AKIAIOSFODNN7EXAMPLE", a.accessKeyId());
            assertEquals(new CredentialScope("20130524", "us-east-1", "s3"), a.scope());
            assertEquals("20130524/us-east-1/s3/aws4_request", a.scope().toString());
            assertEquals(List.of("host", "range", "x-amz-date"), a.signedHeaders());
            assertEquals("fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024", a.signature());
            assertFalse(a.toString().contains("fe5f80f7"), "toString must not leak the signature");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2013-05-24/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;;date, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=",
        "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=a, Extra=1",
        "AWS4-HMAC-SHA256 garbage",
    })
    void malformedHeadersAreAuthorizationHeaderMalformed(String header) {
        S3Exception e = assertThrows(S3Exception.class, () -> AuthorizationHeaderParser.parse(header));
        assertEquals(S3Error.AUTHORIZATION_HEADER_MALFORMED, e.error(), header);
        assertTrue(e.getMessage().startsWith("The authorization header is malformed; "), e.getMessage());
    }

    @Test
    void credentialMessageMatchesAws() {
        S3Exception e = assertThrows(S3Exception.class, () -> AuthorizationHeaderParser.parse(
                "AWS4-HMAC-SHA256 Credential=AK/20130524/us-east-1, SignedHeaders=host, Signature=abc"));
        assertEquals("The authorization header is malformed; the Credential is mal-formed; expecting"
                + " \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".", e.getMessage());
    }

    @Test
    void otherAlgorithmsAreUnsupported() {
        S3Exception e = assertThrows(S3Exception.class,
                () -> AuthorizationHeaderParser.parse("AWS4-ECDSA-P256-SHA256 Credential=a/b/c/d/aws4_request"));
        assertEquals(S3Error.INVALID_ARGUMENT, e.error());
        assertEquals("Authorization", e.details().get("ArgumentName"));
    }

    private static final String PRESIGNED = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host%3Bx-amz-meta-a"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    @Test
    void parsesPresignedQuery() {
        QueryParams params = QueryParams.parse(PRESIGNED);
        assertTrue(PresignedQueryParser.isPresigned(params));
        PresignedQuery q = PresignedQueryParser.parse(params);
        assertEquals("AKIAIOSFODNN7EXAMPLE", q.accessKeyId());
        assertEquals("20130524", q.scope().date());
        assertEquals(86400, q.expiresSeconds());
        assertEquals(Instant.parse("2013-05-25T00:00:00Z"), q.expiresAt());
        assertEquals(List.of("host", "x-amz-meta-a"), q.signedHeaders());
        assertNull(q.contentSha256());
        q.checkTime(Instant.parse("2013-05-25T00:00:00Z"), Duration.ofMinutes(15));
        S3Exception e = assertThrows(S3Exception.class,
                () -> q.checkTime(Instant.parse("2013-05-25T00:00:01Z"), Duration.ofMinutes(15)));
        assertEquals("Request has expired", e.getMessage());
        assertEquals("86400", e.details().get("X-Amz-Expires"));
    }

    @Test
    void presignedExpiresMustBeOneSecondToOneWeek() {
        assertEquals(604800, PresignedQueryParser.parse(QueryParams.parse(
                PRESIGNED.replace("X-Amz-Expires=86400", "X-Amz-Expires=604800"))).expiresSeconds());
        for (String bad : new String[]{"604801", "0", "-1", "abc", ""}) {
            S3Exception e = assertThrows(S3Exception.class, () -> PresignedQueryParser.parse(QueryParams.parse(
                    PRESIGNED.replace("X-Amz-Expires=86400", "X-Amz-Expires=" + bad))));
            assertEquals(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, e.error(), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "&X-Amz-Date=20130524T000000Z",
        "&X-Amz-SignedHeaders=host%3Bx-amz-meta-a", "&X-Amz-Signature="})
    void presignedMissingParameterIsQueryParametersError(String removed) {
        S3Exception e = assertThrows(S3Exception.class,
                () -> PresignedQueryParser.parse(QueryParams.parse(PRESIGNED.replaceFirst(
                        java.util.regex.Pattern.quote(removed) + "[0-9a-f]*", ""))));
        assertEquals(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, e.error());
    }

    @Test
    void presignedRejectsOtherAlgorithmBadDateBadCredential() {
        assertTrue(assertThrows(S3Exception.class, () -> PresignedQueryParser.parse(QueryParams.parse(
                PRESIGNED.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")))).getMessage().contains("only supports"));
        assertTrue(assertThrows(S3Exception.class, () -> PresignedQueryParser.parse(QueryParams.parse(
                PRESIGNED.replace("20130524T000000Z", "2013-05-24T00:00:00Z")))).getMessage().contains("ISO8601"));
        assertTrue(assertThrows(S3Exception.class, () -> PresignedQueryParser.parse(QueryParams.parse(
                PRESIGNED.replace("%2Faws4_request", "")))).getMessage().contains("X-Amz-Credential"));
    }

    @Test
    void requestTimeFromAmzDateOrDateHeader() {
        RequestTime t = RequestTime.fromHeaders(AwsExamples.headers("x-amz-date", "20130524T000000Z",
                "Date", "Tue, 27 Mar 2007 19:36:42 +0000"));
        assertEquals(Instant.parse("2013-05-24T00:00:00Z"), t.instant());
        assertEquals("20130524", t.date());
        RequestTime fallback = RequestTime.fromHeaders(AwsExamples.headers("Date", "Tue, 27 Mar 2007 19:36:42 GMT"));
        assertEquals(Instant.parse("2007-03-27T19:36:42Z"), fallback.instant());
        assertEquals("20070327T193642Z", fallback.amzDate());
        assertNull(RequestTime.parseAmzDate("20130524T250000Z"));
        assertNull(RequestTime.parseAmzDate("20130230T000000Z"));
        assertNull(RequestTime.parseAmzDate("2013-05-24T00:00:00Z"));
        assertNull(RequestTime.parseHttpDate("yesterday"));
        assertEquals(S3Error.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> RequestTime.fromHeaders(AwsExamples.headers("x-amz-date", "bad"))).error());
        assertEquals(S3Error.ACCESS_DENIED, assertThrows(S3Exception.class,
                () -> RequestTime.fromHeaders(AwsExamples.headers())).error());
    }

    @Test
    void payloadModes() {
        assertEquals(PayloadMode.UNSIGNED, PayloadMode.parse("UNSIGNED-PAYLOAD"));
        assertEquals(PayloadMode.STREAMING_SIGNED, PayloadMode.parse("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
        assertEquals(PayloadMode.STREAMING_SIGNED_TRAILER, PayloadMode.parse("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"));
        assertEquals(PayloadMode.STREAMING_UNSIGNED_TRAILER, PayloadMode.parse("STREAMING-UNSIGNED-PAYLOAD-TRAILER"));
        assertEquals(PayloadMode.SIGNED, PayloadMode.parse(AwsExamples.EMPTY_SHA));
        assertEquals(PayloadMode.SIGNED, PayloadMode.parse(AwsExamples.EMPTY_SHA.toUpperCase()));
        assertTrue(PayloadMode.STREAMING_UNSIGNED_TRAILER.isStreaming());
        assertFalse(PayloadMode.STREAMING_UNSIGNED_TRAILER.hasChunkSignatures());
        assertFalse(PayloadMode.SIGNED.isStreaming());
        assertEquals(S3Error.NOT_IMPLEMENTED, assertThrows(S3Exception.class,
                () -> PayloadMode.parse("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")).error());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class,
                () -> PayloadMode.parse("abc")).error());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class,
                () -> PayloadMode.parse(AwsExamples.EMPTY_SHA.replace('e', 'g'))).error());
    }

    @Test
    void queryParamsDecodeAndKeepOrder() {
        QueryParams p = QueryParams.parse("a=1&b&c=x%20y+z&a=2&%E6%97%A5=v");
        assertEquals(5, p.all().size());
        assertEquals("1", p.get("a"));
        assertEquals("", p.get("b"));
        assertEquals("x y z", p.get("c"));
        assertEquals("v", p.get("日"));
        assertNull(p.get("A"));
        assertEquals(S3Error.INVALID_URI, assertThrows(S3Exception.class, () -> QueryParams.parse("a=%zz")).error());
        assertEquals(S3Error.INVALID_URI, assertThrows(S3Exception.class, () -> QueryParams.parse("a=%4")).error());
    }

    @Test
    void signingKeyCacheIsBoundedAndReturnsCopies() {
        SigningKeyCache cache = new SigningKeyCache(2);
        byte[] k1 = cache.signingKey("s", "20130524", "us-east-1", "s3");
        assertEquals(Crypto.hex(AwsExamples.signingKey()),
                Crypto.hex(cache.signingKey(AwsExamples.SECRET_KEY, "20130524", "us-east-1", "s3")));
        k1[0] ^= 1;
        assertEquals(Crypto.hex(SigV4.deriveSigningKey("s", "20130524", "us-east-1", "s3")),
                Crypto.hex(cache.signingKey("s", "20130524", "us-east-1", "s3")));
        cache.signingKey("s", "20130525", "us-east-1", "s3");
        assertEquals(2, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new SigningKeyCache(0));
    }
}
