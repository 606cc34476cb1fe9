package io.stowage.s3.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3ErrorXmlTest {

    @Test
    void noSuchKeyRendersExactlyLikeAws() {
        S3Exception e = S3Exception.of(S3Error.NO_SUCH_KEY).withKey("photos/a.jpg");
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                        + "<Key>photos/a.jpg</Key><Resource>/bucket/photos/a.jpg</Resource>"
                        + "<RequestId>4442587FB7D0A2F9</RequestId></Error>",
                S3ErrorXml.render(e, "/bucket/photos/a.jpg", "4442587FB7D0A2F9"));
    }

    @Test
    void bucketErrorsNameTheBucket() {
        String xml = S3ErrorXml.render(S3Exception.of(S3Error.NO_SUCH_BUCKET).withBucket("b1"), "/b1", "id");
        assertTrue(xml.contains("<Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>"
                + "<BucketName>b1</BucketName><Resource>/b1</Resource><RequestId>id</RequestId>"), xml);
    }

    @Test
    void customMessageKeyAndDetailsAreXmlEscaped() {
        S3Exception e = S3Exception.of(S3Error.INVALID_ARGUMENT, "bad <value> & \"quotes\"")
                .withKey("a&b<c>'d")
                .withDetail("ArgumentName", "x-amz-meta-<x>");
        String xml = S3ErrorXml.render(e, "/b/a&b", null);
        assertTrue(xml.contains("<Message>bad &lt;value&gt; &amp; &quot;quotes&quot;</Message>"), xml);
        assertTrue(xml.contains("<Key>a&amp;b&lt;c&gt;&apos;d</Key>"), xml);
        assertTrue(xml.contains("<ArgumentName>x-amz-meta-&lt;x&gt;</ArgumentName>"), xml);
        assertTrue(xml.contains("<Resource>/b/a&amp;b</Resource>"), xml);
        assertFalse(xml.contains("RequestId"), "null request id is omitted: " + xml);
    }

    @Test
    void exceptionResourceOverridesRequestPath() {
        String xml = S3ErrorXml.render(S3Exception.of(S3Error.ACCESS_DENIED).withResource("/other"), "/path", "r");
        assertTrue(xml.contains("<Resource>/other</Resource>"), xml);
    }

    @ParameterizedTest
    @CsvSource({
        "ACCESS_DENIED, AccessDenied, 403",
        "BAD_DIGEST, BadDigest, 400",
        "BUCKET_ALREADY_EXISTS, BucketAlreadyExists, 409",
        "BUCKET_ALREADY_OWNED_BY_YOU, BucketAlreadyOwnedByYou, 409",
        "BUCKET_NOT_EMPTY, BucketNotEmpty, 409",
        "ENTITY_TOO_LARGE, EntityTooLarge, 400",
        "ENTITY_TOO_SMALL, EntityTooSmall, 400",
        "INCOMPLETE_BODY, IncompleteBody, 400",
        "INTERNAL_ERROR, InternalError, 500",
        "INVALID_ACCESS_KEY_ID, InvalidAccessKeyId, 403",
        "INVALID_ARGUMENT, InvalidArgument, 400",
        "INVALID_BUCKET_NAME, InvalidBucketName, 400",
        "INVALID_DIGEST, InvalidDigest, 400",
        "INVALID_PART, InvalidPart, 400",
        "INVALID_PART_ORDER, InvalidPartOrder, 400",
        "INVALID_RANGE, InvalidRange, 416",
        "INVALID_REQUEST, InvalidRequest, 400",
        "KEY_TOO_LONG, KeyTooLongError, 400",
        "MALFORMED_XML, MalformedXML, 400",
        "METHOD_NOT_ALLOWED, MethodNotAllowed, 405",
        "MISSING_CONTENT_LENGTH, MissingContentLength, 411",
        "MISSING_SECURITY_HEADER, MissingSecurityHeader, 400",
        "NO_SUCH_BUCKET, NoSuchBucket, 404",
        "NO_SUCH_KEY, NoSuchKey, 404",
        "NO_SUCH_UPLOAD, NoSuchUpload, 404",
        "NOT_IMPLEMENTED, NotImplemented, 501",
        "PRECONDITION_FAILED, PreconditionFailed, 412",
        "NOT_MODIFIED, NotModified, 304",
        "REQUEST_TIME_TOO_SKEWED, RequestTimeTooSkewed, 403",
        "SIGNATURE_DOES_NOT_MATCH, SignatureDoesNotMatch, 403",
        "AUTHORIZATION_HEADER_MALFORMED, AuthorizationHeaderMalformed, 400",
        "AUTHORIZATION_QUERY_PARAMETERS_ERROR, AuthorizationQueryParametersError, 400",
        "EXPIRED_REQUEST, AccessDenied, 403",
        "EXPIRED_TOKEN, ExpiredToken, 400",
        "X_AMZ_CONTENT_SHA256_MISMATCH, XAmzContentSHA256Mismatch, 400",
        "SERVICE_UNAVAILABLE, ServiceUnavailable, 503",
        "SLOW_DOWN, SlowDown, 503",
        "INVALID_OBJECT_STATE, InvalidObjectState, 403",
        "MALFORMED_POST_REQUEST, MalformedPOSTRequest, 400",
        "INVALID_STORAGE_CLASS, InvalidStorageClass, 400",
        "TOO_MANY_BUCKETS, TooManyBuckets, 400",
        "UNEXPECTED_CONTENT, UnexpectedContent, 400",
        "INVALID_ENCODING_TYPE, InvalidArgument, 400",
    })
    void constantsMapToAwsCodesAndStatuses(S3Error error, String code, int status) {
        assertEquals(code, error.code());
        assertEquals(status, error.httpStatus());
        assertFalse(error.defaultMessage().isBlank());
    }

    @Test
    void expiredRequestUsesAwsMessage() {
        assertEquals("Request has expired", S3Exception.of(S3Error.EXPIRED_REQUEST).getMessage());
    }

    @Test
    void everyCodeMessagePairIsDistinct() {
        Set<String> seen = new HashSet<>();
        for (S3Error e : S3Error.values()) {
            assertTrue(seen.add(e.code() + "|" + e.defaultMessage()), "duplicate constant " + e);
        }
    }

    @Test
    void clientErrorsSkipStackTraceServerErrorsKeepIt() {
        assertEquals(0, S3Exception.of(S3Error.NO_SUCH_KEY).getStackTrace().length);
        S3Exception internal = new S3Exception(S3Error.INTERNAL_ERROR, null, new IllegalStateException("disk"));
        assertTrue(internal.getStackTrace().length > 0);
        assertNotNull(internal.getCause());
        assertEquals(S3Error.INTERNAL_ERROR.defaultMessage(), internal.getMessage());
    }

    @Test
    void withMethodsCopyAndKeepEverything() {
        S3Exception base = S3Exception.of(S3Error.NO_SUCH_UPLOAD, "custom");
        S3Exception enriched = base.withBucket("b").withKey("k").withDetail("UploadId", "u1").withDetail("Skip", null);
        assertNull(base.bucket());
        assertTrue(base.details().isEmpty());
        assertEquals("b", enriched.bucket());
        assertEquals("k", enriched.key());
        assertEquals("custom", enriched.getMessage());
        assertEquals(java.util.Map.of("UploadId", "u1"), enriched.details());
        assertEquals(S3Error.NO_SUCH_UPLOAD, enriched.error());
    }
}
