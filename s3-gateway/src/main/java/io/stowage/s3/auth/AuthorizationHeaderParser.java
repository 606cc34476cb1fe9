package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses a SigV4 Authorization header value, with the error codes and messages S3 uses. */
public final class AuthorizationHeaderParser {
    static final String MALFORMED = "The authorization header is malformed; ";
    static final String BAD_CREDENTIAL = MALFORMED
            + "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";
    static final String MISSING_COMPONENTS = MALFORMED
            + "the authorization header requires three components: Credential, SignedHeaders, and Signature.";

    private AuthorizationHeaderParser() {
    }

    /** True when the header is a SigV4 one (the caller routes {@code AWS } to SigV2). */
    public static boolean isSigV4(String header) {
        return header != null && header.startsWith(SigV4.ALGORITHM + " ");
    }

    public static AuthorizationHeader parse(String header) {
        if (header == null || !isSigV4(header)) {
            throw S3Exception.invalidArgument("Unsupported Authorization Type", "Authorization", header);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        // Components are comma-separated; clients differ on spaces after commas.
        for (String raw : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw malformed(MISSING_COMPONENTS);
            }
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            switch (name) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> throw malformed(MALFORMED + "unexpected component \"" + name + "\".");
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw malformed(MISSING_COMPONENTS);
        }
        Credential cred = Credential.parse(credential, () -> malformed(BAD_CREDENTIAL));
        if (signature.isEmpty()) {
            throw malformed(MISSING_COMPONENTS);
        }
        return new AuthorizationHeader(cred, parseSignedHeaders(signedHeaders, () -> malformed(MISSING_COMPONENTS)),
                signature);
    }

    /** {@code host;range;x-amz-date} into lower-case names; empty names are malformed. */
    static List<String> parseSignedHeaders(String value, java.util.function.Supplier<S3Exception> malformed) {
        if (value == null || value.isEmpty()) {
            throw malformed.get();
        }
        List<String> out = new ArrayList<>();
        for (String h : value.split(";", -1)) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw malformed.get();
            }
            out.add(name);
        }
        return out;
    }

    private static S3Exception malformed(String message) {
        return S3Exception.of(S3Error.AUTHORIZATION_HEADER_MALFORMED, message);
    }
}
