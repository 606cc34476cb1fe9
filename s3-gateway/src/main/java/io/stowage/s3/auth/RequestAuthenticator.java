package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Authenticates a request in two steps, so the secret lookup in between can be asynchronous:
 * <pre>
 *   ParsedAuth auth = authenticator.parse(view);          // null: anonymous
 *   String secret = ...lookup(auth.accessKeyId())...;     // unknown key: InvalidAccessKeyId
 *   AuthResult result = authenticator.verify(view, auth, secret, Instant.now());
 * </pre>
 * Both steps throw {@link S3Exception} with the code S3 would answer. Stateless apart from the
 * shared signing-key cache.
 */
public final class RequestAuthenticator {
    public static final String SERVICE = "s3";

    private final SigningKeyCache keyCache;
    private final String region;
    private final Duration maxSkew;

    /**
     * @param region the region this gateway answers for, or null to accept any region in the
     *               credential scope (clients configured with any region then work)
     */
    public RequestAuthenticator(SigningKeyCache keyCache, String region, Duration maxSkew) {
        this.keyCache = Objects.requireNonNull(keyCache, "keyCache");
        this.region = region;
        this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
    }

    /** Which mechanism the request uses, and its parsed credentials; null when anonymous. */
    public ParsedAuth parse(RequestView req) {
        String authorization = req.headers().get("authorization");
        QueryParams params = req.queryParams();
        boolean v4Query = PresignedQueryParser.isPresigned(params);
        boolean v2Query = !v4Query && SigV2.isPresigned(params);
        if (authorization != null && (v4Query || v2Query)) {
            throw S3Exception.invalidArgument("Only one auth mechanism allowed; only the X-Amz-Algorithm"
                    + " query parameter, Signature query string parameter or the Authorization header"
                    + " should be specified", "Authorization", authorization);
        }
        if (authorization != null) {
            return SigV2.isSigV2Header(authorization) ? SigV2.parseHeader(authorization)
                    : AuthorizationHeaderParser.parse(authorization);
        }
        if (v4Query) {
            return PresignedQueryParser.parse(params);
        }
        if (v2Query) {
            return SigV2.parseQuery(params);
        }
        return null;
    }

    /** Checks time, scope and signature; {@code secretKey} belongs to {@code auth.accessKeyId()}. */
    public AuthResult verify(RequestView req, ParsedAuth auth, String secretKey, Instant now) {
        if (auth == null) {
            return AuthResult.anonymous();
        }
        if (auth instanceof AuthorizationHeader h) {
            return verifyHeader(req, h, secretKey, now);
        } else if (auth instanceof PresignedQuery q) {
            return verifyPresigned(req, q, secretKey, now);
        } else if (auth instanceof SigV2Auth v2) {
            return verifyV2(req, v2, secretKey, now);
        }
        throw new IllegalArgumentException("unknown auth " + auth.getClass());
    }

    private AuthResult verifyHeader(RequestView req, AuthorizationHeader a, String secret, Instant now) {
        MultiMap headers = req.headers();
        RequestTime time = RequestTime.fromHeaders(headers);
        CredentialScope scope = a.scope();
        String prefix = AuthorizationHeaderParser.MALFORMED;
        if (!scope.date().equals(time.date())) {
            throw S3Exception.of(S3Error.AUTHORIZATION_HEADER_MALFORMED, prefix + "Invalid credential date \""
                    + scope.date() + "\". This date is not the same as X-Amz-Date: \"" + time.date() + "\".");
        }
        checkScope(scope, S3Error.AUTHORIZATION_HEADER_MALFORMED, prefix);
        RequestTime.checkSkew(time.instant(), now, maxSkew);
        checkSignedHeaders(headers, a.signedHeaders(), S3Error.AUTHORIZATION_HEADER_MALFORMED, prefix);
        String contentSha256 = headers.get("x-amz-content-sha256");
        PayloadMode mode = PayloadMode.parse(contentSha256);
        String canonical = SigV4.canonicalRequest(req.method(), SigV4.canonicalUri(req.rawPath()),
                SigV4.canonicalQuery(req.rawQuery(), null), headers, a.signedHeaders(), contentSha256);
        SigningContext ctx = check(a.accessKeyId(), secret, scope, time.amzDate(), canonical, a.signature());
        return new AuthResult(a.accessKeyId(), AuthType.SIGV4_HEADER, mode,
                mode == PayloadMode.SIGNED ? contentSha256.toLowerCase(Locale.ROOT) : null, ctx);
    }

    private AuthResult verifyPresigned(RequestView req, PresignedQuery q, String secret, Instant now) {
        String prefix = "Error parsing the X-Amz-Credential parameter; ";
        if (!q.scope().date().equals(q.requestTime().date())) {
            throw S3Exception.of(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, prefix + "Invalid credential date \""
                    + q.scope().date() + "\". This date is not the same as X-Amz-Date: \""
                    + q.requestTime().date() + "\".");
        }
        checkScope(q.scope(), S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR, prefix);
        q.checkTime(now, maxSkew);
        if (!q.signedHeaders().contains("host")) {
            throw S3Exception.of(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                    "X-Amz-SignedHeaders must contain host");
        }
        String payloadHash = q.contentSha256() != null ? q.contentSha256() : SigV4.UNSIGNED_PAYLOAD;
        PayloadMode mode = PayloadMode.parse(payloadHash);
        String canonical = SigV4.canonicalRequest(req.method(), SigV4.canonicalUri(req.rawPath()),
                SigV4.canonicalQuery(req.rawQuery(), "X-Amz-Signature"), req.headers(), q.signedHeaders(),
                payloadHash);
        SigningContext ctx = check(q.accessKeyId(), secret, q.scope(), q.requestTime().amzDate(), canonical,
                q.signature());
        return new AuthResult(q.accessKeyId(), AuthType.SIGV4_PRESIGNED, mode,
                mode == PayloadMode.SIGNED ? payloadHash.toLowerCase(Locale.ROOT) : null, ctx);
    }

    private AuthResult verifyV2(RequestView req, SigV2Auth a, String secret, Instant now) {
        String expires = null;
        if (a.isPresigned()) {
            if (now.getEpochSecond() > a.expiresEpochSeconds()) {
                throw S3Exception.of(S3Error.EXPIRED_REQUEST)
                        .withDetail("Expires", RequestTime.ISO_BASIC_SECONDS.format(
                                Instant.ofEpochSecond(a.expiresEpochSeconds())))
                        .withDetail("ServerTime", RequestTime.ISO_BASIC_SECONDS.format(now));
            }
            expires = Long.toString(a.expiresEpochSeconds());
        } else {
            RequestTime.checkSkew(RequestTime.fromHeaders(req.headers()).instant(), now, maxSkew);
        }
        String stringToSign = SigV2.stringToSign(req.method(), req.headers(),
                SigV2.canonicalResource(req.virtualHostBucket(), req.rawPath(), req.rawQuery()), expires);
        if (!Crypto.constantTimeEquals(SigV2.signature(secret, stringToSign), a.signature())) {
            throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .withDetail("AWSAccessKeyId", a.accessKeyId())
                    .withDetail("StringToSign", stringToSign);
        }
        return new AuthResult(a.accessKeyId(), a.isPresigned() ? AuthType.SIGV2_PRESIGNED : AuthType.SIGV2_HEADER,
                PayloadMode.UNSIGNED, null, null);
    }

    private SigningContext check(String accessKey, String secret, CredentialScope scope, String amzDate,
                                 String canonicalRequest, String provided) {
        byte[] key = keyCache.signingKey(secret, scope.date(), scope.region(), scope.service());
        String stringToSign = SigV4.stringToSign(amzDate, scope.toString(), canonicalRequest);
        String expected = SigV4.signature(key, stringToSign);
        if (!SigV4.signaturesMatch(expected, provided)) {
            // The same diagnostics AWS returns, so client authors can see which side differs.
            throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH)
                    .withDetail("AWSAccessKeyId", accessKey)
                    .withDetail("StringToSign", stringToSign)
                    .withDetail("CanonicalRequest", canonicalRequest);
        }
        return new SigningContext(key, amzDate, scope.toString(), expected);
    }

    private void checkScope(CredentialScope scope, S3Error error, String prefix) {
        if (region != null && !region.equals(scope.region())) {
            throw S3Exception.of(error, prefix + "the region '" + scope.region() + "' is wrong; expecting '"
                    + region + "'").withDetail("Region", region);
        }
        if (!SERVICE.equals(scope.service())) {
            throw S3Exception.of(error, prefix + "incorrect service \"" + scope.service()
                    + "\". This endpoint belongs to \"" + SERVICE + "\".");
        }
    }

    /**
     * {@code host} must be signed, and so must every {@code x-amz-*} header present (S3's rule:
     * otherwise a man in the middle could add or change, e.g., {@code x-amz-copy-source}).
     */
    private static void checkSignedHeaders(MultiMap headers, List<String> signed, S3Error error, String prefix) {
        if (!signed.contains("host")) {
            throw S3Exception.of(error, prefix + "SignedHeaders must contain host");
        }
        TreeSet<String> unsigned = new TreeSet<>();
        for (Map.Entry<String, String> h : headers.entries()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-") && !signed.contains(name)) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            throw S3Exception.of(S3Error.HEADERS_NOT_SIGNED)
                    .withDetail("HeadersNotSigned", String.join(", ", new ArrayList<>(unsigned)));
        }
    }
}
