package io.stowage.s3.auth;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * AWS Signature Version 4 as pure functions: canonical request, string to sign, signing key,
 * signature. S3 flavour: the path is not normalised and each segment is encoded exactly once.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private SigV4() {
    }

    /**
     * Canonical URI of an S3 request from the raw (still percent-encoded) path as sent: each
     * segment is decoded and re-encoded once, so {@code %2F} inside a segment survives and
     * {@code //} or {@code .} segments are kept as they are (S3 keys may contain them).
     */
    public static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder(rawPath.length() + 16);
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            String segment = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
            sb.append(AwsUriEncoding.canonicalize(segment, false));
            if (slash < 0) {
                break;
            }
            sb.append('/');
            start = slash + 1;
        }
        return sb.toString();
    }

    /**
     * Canonical query string: every parameter re-encoded the AWS way, sorted by encoded name then
     * encoded value, joined with {@code &}; a parameter without value becomes {@code name=}.
     *
     * @param excludedParam decoded name left out (X-Amz-Signature for presigned URLs), or null
     */
    public static String canonicalQuery(String rawQuery, String excludedParam) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            if (excludedParam != null && AwsUriEncoding.decode(name, true).equals(excludedParam)) {
                continue;
            }
            pairs.add(new String[]{AwsUriEncoding.canonicalize(name, true),
                    AwsUriEncoding.canonicalize(value, true)});
        }
        // Encoded strings are ASCII, so String order is the byte order AWS sorts by.
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /**
     * Canonical headers block: for each signed header (lower case, in the order given, which the
     * client sorted), {@code name:value\n}, where values are trimmed, inner runs of spaces
     * collapsed, and repeated headers joined with commas. A signed header missing from the request
     * contributes an empty value (the signature will then simply not match).
     */
    public static String canonicalHeaders(MultiMap headers, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder(256);
        appendCanonicalHeaders(headers, signedHeaders, sb);
        return sb.toString();
    }

    private static void appendCanonicalHeaders(MultiMap headers, List<String> signedHeaders, StringBuilder sb) {
        for (String name : signedHeaders) {
            sb.append(name).append(':');
            List<String> values = headers.getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendTrimmedCollapsed(values.get(i), sb);
            }
            sb.append('\n');
        }
    }

    /** Built in one buffer: this runs on every signed request. */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          MultiMap headers, List<String> signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(method.toUpperCase(Locale.ROOT)).append('\n')
                .append(canonicalUri).append('\n')
                .append(canonicalQuery).append('\n');
        appendCanonicalHeaders(headers, signedHeaders, sb);
        sb.append('\n');
        for (int i = 0; i < signedHeaders.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(signedHeaders.get(i));
        }
        return sb.append('\n').append(payloadHash).toString();
    }

    /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(canonical request)>}. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + Crypto.sha256Hex(canonicalRequest);
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"). */
    public static byte[] deriveSigningKey(String secretKey, String date, String region, String service) {
        byte[] kDate = Crypto.hmacSha256(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = Crypto.hmacSha256(kDate, region);
        byte[] kService = Crypto.hmacSha256(kRegion, service);
        return Crypto.hmacSha256(kService, TERMINATOR);
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return Crypto.hex(Crypto.hmacSha256(signingKey, stringToSign));
    }

    /** Constant-time comparison; a provided signature in upper case is accepted. */
    public static boolean signaturesMatch(String expectedHex, String providedHex) {
        return providedHex != null
                && Crypto.constantTimeEquals(expectedHex, providedHex.toLowerCase(Locale.ROOT));
    }

    /** String to sign of one aws-chunked data chunk (the empty final chunk included). */
    public static String chunkStringToSign(String amzDate, String scope, String previousSignature,
                                           String chunkSha256Hex) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n'
                + Crypto.EMPTY_SHA256_HEX + '\n' + chunkSha256Hex;
    }

    /** String to sign of the trailer chunk; {@code canonicalTrailers} is {@code name:value\n} per trailer, sorted. */
    public static String trailerStringToSign(String amzDate, String scope, String previousSignature,
                                             String canonicalTrailers) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + '\n' + scope + '\n' + previousSignature + '\n'
                + Crypto.sha256Hex(canonicalTrailers);
    }

    private static void appendTrimmedCollapsed(String value, StringBuilder sb) {
        String v = value.strip();
        boolean lastSpace = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ') {
                if (!lastSpace) {
                    sb.append(c);
                }
                lastSpace = true;
            } else {
                sb.append(c);
                lastSpace = false;
            }
        }
    }
}
