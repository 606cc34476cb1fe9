package io.stowage.s3.auth;

/**
 * Authentication data parsed from a request, before the secret is known. The handler looks up
 * the secret for {@link #accessKeyId()} (possibly asynchronously), then calls
 * {@link RequestAuthenticator#verify}.
 */
public sealed interface ParsedAuth permits AuthorizationHeader, PresignedQuery, SigV2Auth {
    String accessKeyId();
}
