package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Signature Version 2 for S3, still used by s3cmd and other older tools:
 * <pre>
 *   Base64(HMAC-SHA1(secret, VERB\nContent-MD5\nContent-Type\nDate-or-Expires\n
 *                           CanonicalizedAmzHeaders CanonicalizedResource))
 * </pre>
 */
public final class SigV2 {
    /** Query parameters that are part of the canonicalized resource (sub-resources and response overrides). */
    public static final Set<String> SUB_RESOURCES = Set.of(
            "acl", "accelerate", "analytics", "cors", "delete", "encryption", "intelligent-tiering",
            "inventory", "legal-hold", "lifecycle", "location", "logging", "metrics", "notification",
            "object-lock", "ownershipControls", "partNumber", "policy", "policyStatus",
            "publicAccessBlock", "replication", "requestPayment", "response-cache-control",
            "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires", "restore", "retention", "select",
            "select-type", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning",
            "versions", "website");

    private SigV2() {
    }

    /** True for an {@code AWS AKID:sig} header. */
    public static boolean isSigV2Header(String authorization) {
        return authorization != null && authorization.startsWith("AWS ");
    }

    /** True when the query has the SigV2 presigning parameters. */
    public static boolean isPresigned(QueryParams params) {
        return params.contains("AWSAccessKeyId") || (params.contains("Signature") && params.contains("Expires"));
    }

    public static SigV2Auth parseHeader(String authorization) {
        String rest = authorization.substring(4).strip();
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw S3Exception.invalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                    "Authorization", authorization);
        }
        return new SigV2Auth(rest.substring(0, colon), rest.substring(colon + 1), null);
    }

    public static SigV2Auth parseQuery(QueryParams params) {
        String ak = params.get("AWSAccessKeyId");
        String sig = params.get("Signature");
        String expires = params.get("Expires");
        if (ak == null || sig == null || expires == null) {
            throw S3Exception.of(S3Error.ACCESS_DENIED,
                    "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
        }
        try {
            return new SigV2Auth(ak, sig, Long.parseLong(expires.strip()));
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("Expires is not a number", "Expires", expires);
        }
    }

    /**
     * The canonicalized resource: {@code /bucket} for virtual-hosted requests, then the raw path
     * as sent, then the sub-resources present in the query, sorted, with decoded values.
     *
     * @param virtualHostBucket bucket taken from the Host header, or null for path-style requests
     */
    public static String canonicalResource(String virtualHostBucket, String rawPath, String rawQuery) {
        StringBuilder sb = new StringBuilder();
        if (virtualHostBucket != null) {
            sb.append('/').append(virtualHostBucket);
        }
        sb.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
        List<QueryParams.Param> sub = new ArrayList<>();
        for (QueryParams.Param p : QueryParams.parse(rawQuery).all()) {
            if (SUB_RESOURCES.contains(p.name())) {
                sub.add(p);
            }
        }
        // Stable sort: repeated parameters keep their order, as the AWS SDKs sign them.
        sub.sort(java.util.Comparator.comparing(QueryParams.Param::name));
        char sep = '?';
        for (QueryParams.Param p : sub) {
            sb.append(sep).append(p.name());
            if (!p.value().isEmpty()) {
                sb.append('=').append(p.value());
            }
            sep = '&';
        }
        return sb.toString();
    }

    /**
     * {@code x-amz-*} headers, lower-cased, sorted, values trimmed and comma-joined, one per line.
     * {@code x-amz-date} is included here; it then replaces {@code Date} (see {@link #stringToSign}).
     */
    public static String canonicalAmzHeaders(MultiMap headers) {
        Map<String, List<String>> amz = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entries()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) {
                amz.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue().strip());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : amz.entrySet()) {
            sb.append(e.getKey()).append(':').append(String.join(",", e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /**
     * @param expires for the query form, the Expires value; null for the header form, where the
     *                Date header is used (empty when {@code x-amz-date} is present)
     */
    public static String stringToSign(String method, MultiMap headers, String canonicalResource, String expires) {
        String date;
        if (expires != null) {
            date = expires;
        } else {
            date = headers.contains("x-amz-date") ? "" : nullToEmpty(headers.get("date"));
        }
        return method.toUpperCase(Locale.ROOT) + '\n'
                + nullToEmpty(headers.get("content-md5")) + '\n'
                + nullToEmpty(headers.get("content-type")) + '\n'
                + date + '\n'
                + canonicalAmzHeaders(headers)
                + canonicalResource;
    }

    public static String signature(String secretKey, String stringToSign) {
        return Base64.getEncoder().encodeToString(
                Crypto.hmacSha1(secretKey.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
