package io.stowage.s3.http;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Secrets of access keys, looked up on the trackers and reused for a few seconds, so a disabled or
 * changed credential takes effect quickly. One per event loop (not thread-safe); failures and unknown
 * keys are not cached.
 */
final class CredentialCache {
  private static final int MAX_ENTRIES = 10_000;

  private record Cached(Credential credential, long expiresNanos) {}

  private final ClusterClient cluster;
  private final long ttlNanos;
  private final Map<String, Cached> cache = new HashMap<>();

  CredentialCache(ClusterClient cluster, Duration ttl) {
    this.cluster = cluster;
    this.ttlNanos = ttl.toNanos();
  }

  /** An enabled access key with its secret; unknown or disabled keys fail with InvalidAccessKeyId. */
  Future<Credential> lookup(String accessKey) {
    long now = System.nanoTime();
    Cached c = cache.get(accessKey);
    if (c != null && now - c.expiresNanos < 0) {
      return usable(c.credential, accessKey);
    }
    return cluster.getCredential(accessKey).recover(e -> {
      if (e instanceof ProtoException p && p.code() == ErrorCode.ENOENT) {
        cache.remove(accessKey);
        return Future.failedFuture(invalid(accessKey));
      }
      return Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR));
    }).compose(cred -> {
      if (ttlNanos > 0) {
        if (cache.size() >= MAX_ENTRIES) {
          cache.clear();
        }
        cache.put(accessKey, new Cached(cred, System.nanoTime() + ttlNanos));
      }
      return usable(cred, accessKey);
    });
  }

  private static Future<Credential> usable(Credential c, String accessKey) {
    if (!c.enabled() || c.secretKey() == null) {
      return Future.failedFuture(invalid(accessKey));
    }
    return Future.succeededFuture(c);
  }

  private static S3Exception invalid(String accessKey) {
    return S3Exception.of(S3Error.INVALID_ACCESS_KEY_ID).withDetail("AWSAccessKeyId", accessKey);
  }
}
