package io.stowage.s3.http;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Exception;

/**
 * What the router made of a request.
 *
 * @param bucket            the bucket, or null for service-level requests
 * @param key               the decoded object key, or null for bucket- and service-level requests
 * @param virtualHostBucket the bucket when it came from the Host header (SigV2 signs it), else null
 * @param rejection         why the request maps to no supported operation (then {@code operation} is
 *                          null); answered only after authentication, so the one choke point sees it
 */
public record RoutedRequest(S3Operation operation, String bucket, String key, String virtualHostBucket,
                            QueryParams params, S3Exception rejection) {
  public RoutedRequest(S3Operation operation, String bucket, String key, String virtualHostBucket, QueryParams params) {
    this(operation, bucket, key, virtualHostBucket, params, null);
  }
}
