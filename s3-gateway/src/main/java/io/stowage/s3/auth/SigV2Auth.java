package io.stowage.s3.auth;

/**
 * SigV2 credentials: {@code Authorization: AWS AKID:signature}, or the query form
 * {@code AWSAccessKeyId=..&Signature=..&Expires=<epoch seconds>}.
 *
 * @param expiresEpochSeconds the query form's Expires, or null for the header form
 */
public record SigV2Auth(String accessKeyId, String signature, Long expiresEpochSeconds) implements ParsedAuth {

    public boolean isPresigned() {
        return expiresEpochSeconds != null;
    }

    @Override
    public String toString() {
        return "SigV2Auth[" + accessKeyId + (isPresigned() ? ", expires=" + expiresEpochSeconds : "") + "]";
    }
}
