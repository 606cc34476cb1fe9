package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The SigV4 query parameters of a presigned URL.
 *
 * @param contentSha256 {@code X-Amz-Content-Sha256} when present, else null (UNSIGNED-PAYLOAD)
 */
public record PresignedQuery(Credential credential, RequestTime requestTime, long expiresSeconds,
                             List<String> signedHeaders, String signature, String contentSha256)
        implements ParsedAuth {

    public PresignedQuery {
        signedHeaders = List.copyOf(signedHeaders);
    }

    @Override
    public String accessKeyId() {
        return credential.accessKeyId();
    }

    public CredentialScope scope() {
        return credential.scope();
    }

    public Instant expiresAt() {
        return requestTime.instant().plusSeconds(expiresSeconds);
    }

    /**
     * Expired -> AccessDenied "Request has expired"; signed more than {@code maxSkew} in the
     * future -> AccessDenied "Request is not valid yet".
     */
    public void checkTime(Instant now, Duration maxSkew) {
        if (now.isAfter(expiresAt())) {
            throw S3Exception.of(S3Error.EXPIRED_REQUEST)
                    .withDetail("X-Amz-Expires", Long.toString(expiresSeconds))
                    .withDetail("Expires", RequestTime.ISO_BASIC_SECONDS.format(expiresAt()))
                    .withDetail("ServerTime", RequestTime.ISO_BASIC_SECONDS.format(now));
        }
        if (requestTime.instant().isAfter(now.plus(maxSkew))) {
            throw S3Exception.of(S3Error.REQUEST_NOT_YET_VALID);
        }
    }

    @Override
    public String toString() {
        return "PresignedQuery[" + credential + ", time=" + requestTime.amzDate()
                + ", expires=" + expiresSeconds + ", signedHeaders=" + signedHeaders + "]";
    }
}
