package io.stowage.s3.auth;

/**
 * Outcome of a successful verification.
 *
 * @param payloadMode   how to read and check the body
 * @param contentSha256 the hex hash to verify the body against when {@code payloadMode == SIGNED}, else null
 * @param signing       for SigV4 requests, what an aws-chunked body's signatures chain from; null otherwise
 */
public record AuthResult(String accessKeyId, AuthType type, PayloadMode payloadMode, String contentSha256,
                         SigningContext signing) {

    public static AuthResult anonymous() {
        return new AuthResult(null, AuthType.ANONYMOUS, PayloadMode.UNSIGNED, null, null);
    }
}
