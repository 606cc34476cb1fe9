package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.time.Instant;

/** Parses the X-Amz-* parameters of a SigV4 presigned URL, with S3's AuthorizationQueryParametersError messages. */
public final class PresignedQueryParser {
    public static final long MAX_EXPIRES_SECONDS = 604_800;
    static final String MISSING = "Query-string authentication version 4 requires the X-Amz-Algorithm,"
            + " X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires"
            + " parameters.";
    static final String BAD_CREDENTIAL = "Error parsing the X-Amz-Credential parameter; the Credential is"
            + " mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

    private PresignedQueryParser() {
    }

    /** True when the query carries SigV4 presigning parameters. */
    public static boolean isPresigned(QueryParams params) {
        return params.contains("X-Amz-Algorithm") || params.contains("X-Amz-Credential")
                || params.contains("X-Amz-Signature");
    }

    public static PresignedQuery parse(QueryParams params) {
        String algorithm = params.get("X-Amz-Algorithm");
        String credential = params.get("X-Amz-Credential");
        String signature = params.get("X-Amz-Signature");
        String date = params.get("X-Amz-Date");
        String signedHeaders = params.get("X-Amz-SignedHeaders");
        String expires = params.get("X-Amz-Expires");
        if (algorithm == null || credential == null || signature == null || date == null
                || signedHeaders == null || expires == null) {
            throw error(MISSING);
        }
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            throw error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        Instant time = RequestTime.parseAmzDate(date);
        if (time == null) {
            throw error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw error("X-Amz-Expires should be a number");
        }
        if (expiresSeconds < 0) {
            throw error("X-Amz-Expires must be non-negative");
        }
        if (expiresSeconds == 0) {
            throw error("X-Amz-Expires must be at least 1 second");
        }
        if (expiresSeconds > MAX_EXPIRES_SECONDS) {
            throw error("X-Amz-Expires must be less than a week (in seconds) that is; the maximum"
                    + " expires is 604800 seconds");
        }
        Credential cred = Credential.parse(credential, () -> error(BAD_CREDENTIAL));
        if (signature.isEmpty()) {
            throw error(MISSING);
        }
        return new PresignedQuery(cred, new RequestTime(time, date), expiresSeconds,
                AuthorizationHeaderParser.parseSignedHeaders(signedHeaders, () -> error(MISSING)),
                signature, params.get("X-Amz-Content-Sha256"));
    }

    private static S3Exception error(String message) {
        return S3Exception.of(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, message);
    }
}
