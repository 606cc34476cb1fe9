package io.stowage.s3.auth;

import io.vertx.core.MultiMap;

/**
 * The parts of an HTTP request that authentication reads. From a Vert.x request:
 * {@code new RequestView(req.method().name(), req.path(), req.query(), req.headers(), bucketFromHost)}
 * ({@code path()} and {@code query()} are raw, still percent-encoded, which is what signing needs).
 * Over HTTP/2 add {@code host} from {@code req.authority()} to the headers first.
 *
 * @param rawQuery          null when there is none
 * @param virtualHostBucket bucket from a virtual-hosted-style Host header, else null (SigV2 needs it)
 */
public record RequestView(String method, String rawPath, String rawQuery, MultiMap headers,
                          String virtualHostBucket) {

    public RequestView(String method, String rawPath, String rawQuery, MultiMap headers) {
        this(method, rawPath, rawQuery, headers, null);
    }

    public QueryParams queryParams() {
        return QueryParams.parse(rawQuery);
    }
}
