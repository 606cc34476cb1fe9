package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;

/** What {@code x-amz-content-sha256} says about the body, and so how the body must be read. */
public enum PayloadMode {
    /** A hex SHA-256 of the body: verify it with {@code BodyDigests.verifyContentSha256}. */
    SIGNED(null),
    /** {@code UNSIGNED-PAYLOAD}: nothing to verify (Content-MD5 / checksums may still apply). */
    UNSIGNED("UNSIGNED-PAYLOAD"),
    /** aws-chunked, every chunk signed. */
    STREAMING_SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    /** aws-chunked, every chunk signed, then signed trailers (a checksum). */
    STREAMING_SIGNED_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"),
    /** aws-chunked without chunk signatures, then unsigned trailers (default of recent SDKs over HTTPS). */
    STREAMING_UNSIGNED_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER");

    private static final String INVALID = "x-amz-content-sha256 must be UNSIGNED-PAYLOAD,"
            + " STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD,"
            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.";

    private final String headerValue;

    PayloadMode(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The literal header value; null for {@link #SIGNED}, whose value is the hash itself. */
    public String headerValue() {
        return headerValue;
    }

    /** The body uses {@code Content-Encoding: aws-chunked} framing and needs {@link AwsChunkedDecoder}. */
    public boolean isStreaming() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }

    public boolean hasChunkSignatures() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER;
    }

    public boolean hasTrailer() {
        return this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }

    /**
     * Classifies a header value. SigV4a streaming (ECDSA) is NotImplemented; anything else that is
     * not 64 hex digits is InvalidArgument.
     */
    public static PayloadMode parse(String value) {
        if (value == null) {
            throw S3Exception.of(S3Error.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        for (PayloadMode m : values()) {
            if (m.headerValue != null && m.headerValue.equals(value)) {
                return m;
            }
        }
        if (value.startsWith("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD")) {
            throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "SigV4a streaming payloads are not supported");
        }
        if (value.length() == 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return SIGNED;
        }
        throw S3Exception.invalidArgument(INVALID, "x-amz-content-sha256", value);
    }
}
