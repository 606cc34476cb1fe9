package io.stowage.s3.http;

import io.stowage.s3.auth.QueryParams;

/**
 * What the router made of a request.
 *
 * @param bucket            the bucket, or null for service-level requests
 * @param key               the decoded object key, or null for bucket- and service-level requests
 * @param virtualHostBucket the bucket when it came from the Host header (SigV2 signs it), else null
 */
public record RoutedRequest(S3Operation operation, String bucket, String key, String virtualHostBucket,
                            QueryParams params) {}
