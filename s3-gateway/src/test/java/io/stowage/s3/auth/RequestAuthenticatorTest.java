package io.stowage.s3.auth;

import static io.stowage.s3.auth.AwsExamples.ACCESS_KEY;
import static io.stowage.s3.auth.AwsExamples.AMZ_DATE;
import static io.stowage.s3.auth.AwsExamples.EMPTY_SHA;
import static io.stowage.s3.auth.AwsExamples.SECRET_KEY;
import static io.stowage.s3.auth.AwsExamples.TIME;
import static io.stowage.s3.auth.AwsExamples.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestAuthenticatorTest {
    private static final String GET_AUTH = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            + "aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    private static final String PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    private final RequestAuthenticator auth = new RequestAuthenticator(new SigningKeyCache(), "us-east-1",
            RequestTime.DEFAULT_MAX_SKEW);

    private static MultiMap getHeaders() {
        return headers("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA, "x-amz-date", AMZ_DATE, "Authorization", GET_AUTH);
    }

    private S3Exception fail(RequestView v, Instant now) {
        return assertThrows(S3Exception.class, () -> auth.verify(v, auth.parse(v), SECRET_KEY, now));
    }

    @Test
    void awsGetObjectExampleAuthenticates() {
        RequestView v = new RequestView("GET", "/test.txt", null, getHeaders());
        ParsedAuth parsed = auth.parse(v);
        assertEquals(ACCESS_KEY, parsed.accessKeyId());
        AuthResult r = auth.verify(v, parsed, SECRET_KEY, TIME.plusSeconds(60));
        assertEquals(AuthType.SIGV4_HEADER, r.type());
        assertEquals(PayloadMode.SIGNED, r.payloadMode());
        assertEquals(EMPTY_SHA, r.contentSha256());
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", r.signing().seedSignature());
        assertEquals("20130524/us-east-1/s3/aws4_request", r.signing().scope());
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatchWithAwsDiagnostics() {
        RequestView v = new RequestView("GET", "/test.txt", null, getHeaders());
        S3Exception e = assertThrows(S3Exception.class, () -> auth.verify(v, auth.parse(v), "other", TIME));
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, e.error());
        assertEquals(ACCESS_KEY, e.details().get("AWSAccessKeyId"));
        assertTrue(e.details().get("StringToSign").endsWith(
                "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"));
        assertTrue(e.details().get("CanonicalRequest").startsWith("GET\n/test.txt\n"));
    }

    @Test
    void clockSkewBeyondFifteenMinutesIsRejected() {
        RequestView v = new RequestView("GET", "/test.txt", null, getHeaders());
        auth.verify(v, auth.parse(v), SECRET_KEY, TIME.plus(Duration.ofMinutes(15)));
        S3Exception e = fail(v, TIME.plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertEquals(S3Error.REQUEST_TIME_TOO_SKEWED, e.error());
        assertEquals("900000", e.details().get("MaxAllowedSkewMilliseconds"));
        assertEquals(S3Error.REQUEST_TIME_TOO_SKEWED, fail(v, TIME.minus(Duration.ofMinutes(16))).error());
    }

    @Test
    void wrongRegionOrServiceOrDateInScopeIsMalformed() {
        MultiMap h = getHeaders();
        h.set("Authorization", GET_AUTH.replace("us-east-1", "eu-west-1"));
        S3Exception e = fail(new RequestView("GET", "/test.txt", null, h), TIME);
        assertEquals(S3Error.AUTHORIZATION_HEADER_MALFORMED, e.error());
        assertTrue(e.getMessage().contains("the region 'eu-west-1' is wrong; expecting 'us-east-1'"), e.getMessage());
        assertEquals("us-east-1", e.details().get("Region"));

        h.set("Authorization", GET_AUTH.replace("/s3/", "/sqs/"));
        assertEquals(S3Error.AUTHORIZATION_HEADER_MALFORMED, fail(new RequestView("GET", "/test.txt", null, h), TIME).error());

        h.set("Authorization", GET_AUTH.replace("/20130524/", "/20130525/"));
        e = fail(new RequestView("GET", "/test.txt", null, h), TIME);
        assertTrue(e.getMessage().contains("Invalid credential date"), e.getMessage());
    }

    @Test
    void anyRegionIsAcceptedWhenNoneIsConfigured() {
        RequestAuthenticator any = new RequestAuthenticator(new SigningKeyCache(), null, RequestTime.DEFAULT_MAX_SKEW);
        RequestView v = new RequestView("GET", "/test.txt", null, getHeaders());
        assertEquals(ACCESS_KEY, any.verify(v, any.parse(v), SECRET_KEY, TIME).accessKeyId());
    }

    @Test
    void unsignedAmzHeadersAreRejected() {
        MultiMap h = getHeaders();
        h.add("x-amz-copy-source", "/other/key");
        S3Exception e = fail(new RequestView("GET", "/test.txt", null, h), TIME);
        assertEquals(S3Error.HEADERS_NOT_SIGNED, e.error());
        assertEquals("x-amz-copy-source", e.details().get("HeadersNotSigned"));
        // Other unsigned headers (e.g. User-Agent) are fine.
        MultiMap ok = getHeaders();
        ok.add("User-Agent", "curl");
        auth.verify(new RequestView("GET", "/test.txt", null, ok), auth.parse(new RequestView("GET", "/test.txt", null, ok)),
                SECRET_KEY, TIME);
    }

    @Test
    void missingOrInvalidContentSha256() {
        MultiMap h = getHeaders();
        h.remove("x-amz-content-sha256");
        h.set("Authorization", GET_AUTH.replace(";x-amz-content-sha256", ""));
        S3Exception e = fail(new RequestView("GET", "/test.txt", null, h), TIME);
        assertEquals(S3Error.INVALID_REQUEST, e.error());
        assertTrue(e.getMessage().contains("x-amz-content-sha256"));
    }

    @Test
    void missingDateIsAccessDenied() {
        MultiMap h = getHeaders();
        h.remove("x-amz-date");
        assertEquals(S3Error.ACCESS_DENIED, fail(new RequestView("GET", "/test.txt", null, h), TIME).error());
    }

    @Test
    void awsPresignedExampleAuthenticatesUntilItExpires() {
        RequestView v = new RequestView("GET", "/test.txt", PRESIGNED_QUERY,
                headers("Host", "examplebucket.s3.amazonaws.com"));
        ParsedAuth parsed = auth.parse(v);
        AuthResult r = auth.verify(v, parsed, SECRET_KEY, TIME.plus(Duration.ofHours(23)));
        assertEquals(AuthType.SIGV4_PRESIGNED, r.type());
        assertEquals(PayloadMode.UNSIGNED, r.payloadMode());
        assertNull(r.contentSha256());
        S3Exception e = assertThrows(S3Exception.class,
                () -> auth.verify(v, parsed, SECRET_KEY, TIME.plus(Duration.ofHours(24)).plusSeconds(1)));
        assertEquals(S3Error.EXPIRED_REQUEST, e.error());
        assertEquals("AccessDenied", e.code());
        assertEquals("Request has expired", e.getMessage());
        e = assertThrows(S3Exception.class, () -> auth.verify(v, parsed, SECRET_KEY, TIME.minus(Duration.ofMinutes(20))));
        assertEquals(S3Error.REQUEST_NOT_YET_VALID, e.error());
    }

    @Test
    void presignedUrlWithChangedQueryFails() {
        RequestView v = new RequestView("GET", "/test.txt", PRESIGNED_QUERY + "&x-id=GetObject",
                headers("Host", "examplebucket.s3.amazonaws.com"));
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, fail(v, TIME).error());
    }

    @Test
    void headerAndQueryAuthTogetherIsInvalidArgument() {
        RequestView v = new RequestView("GET", "/test.txt", PRESIGNED_QUERY, getHeaders());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> auth.parse(v)).error());
    }

    @Test
    void anonymousRequestsParseToNull() {
        RequestView v = new RequestView("GET", "/bucket/key", "prefix=a", headers("Host", "h"));
        assertNull(auth.parse(v));
        assertEquals(AuthType.ANONYMOUS, auth.verify(v, null, null, TIME).type());
    }

    @Test
    void sigV2HeaderExampleAuthenticates() {
        MultiMap h = headers("Host", "awsexamplebucket1.s3.us-west-1.amazonaws.com",
                "Date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "Authorization", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        RequestView v = new RequestView("GET", "/photos/puppy.jpg", null, h, "awsexamplebucket1");
        Instant now = Instant.parse("2007-03-27T19:40:00Z");
        ParsedAuth parsed = auth.parse(v);
        assertEquals(SigV2Auth.class, parsed.getClass());
        AuthResult r = auth.verify(v, parsed, SECRET_KEY, now);
        assertEquals(AuthType.SIGV2_HEADER, r.type());
        assertEquals(ACCESS_KEY, r.accessKeyId());
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH,
                assertThrows(S3Exception.class, () -> auth.verify(v, parsed, "x", now)).error());
        assertEquals(S3Error.REQUEST_TIME_TOO_SKEWED, assertThrows(S3Exception.class,
                () -> auth.verify(v, parsed, SECRET_KEY, now.plus(Duration.ofHours(1)))).error());
        // Path-style: the bucket is in the path instead of the Host.
        RequestView pathStyle = new RequestView("GET", "/awsexamplebucket1/photos/puppy.jpg", null, h);
        assertEquals(ACCESS_KEY, auth.verify(pathStyle, auth.parse(pathStyle), SECRET_KEY, now).accessKeyId());
    }

    @Test
    void awsChunkedExamplesAuthenticateAndDecodeEndToEnd() {
        MultiMap h = headers("Host", "s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY", "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "66560", "Content-Length", "66824",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class,"
                        + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        assertEquals(66560, decodeDocBody(h, AwsChunkedDecoderTest.docBody()));

        MultiMap t = headers("Host", "s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "66560",
                "x-amz-trailer", "x-amz-checksum-crc32c",
                "Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + "SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,"
                        + "Signature=106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e");
        assertEquals(66560, decodeDocBody(t, AwsChunkedDecoderTest.docTrailerBody(false)));
    }

    private long decodeDocBody(MultiMap h, byte[] body) {
        RequestView v = new RequestView("PUT", "/examplebucket/chunkObject.txt", null, h);
        AuthResult r = auth.verify(v, auth.parse(v), SECRET_KEY, TIME);
        assertTrue(r.payloadMode().isStreaming());
        long[] n = {0};
        AwsChunkedDecoder d = AwsChunkedDecoder.forRequest(r.payloadMode(), r.signing(), h, b -> n[0] += b.length());
        d.handle(io.vertx.core.buffer.Buffer.buffer(body));
        d.end();
        return n[0];
    }

    @Test
    void unsupportedAuthorizationSchemeIsInvalidArgument() {
        RequestView v = new RequestView("GET", "/", null, headers("Authorization", "Bearer abc"));
        S3Exception e = assertThrows(S3Exception.class, () -> auth.parse(v));
        assertEquals(S3Error.INVALID_ARGUMENT, e.error());
        assertEquals("Unsupported Authorization Type", e.getMessage());
    }
}
