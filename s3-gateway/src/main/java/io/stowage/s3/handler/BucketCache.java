package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bucket records this gateway looked up, reused by object requests for a short while so that they
 * do not cost a tracker round trip for their bucket. Only found buckets are kept: a bucket created
 * elsewhere is seen at once. One cache serves all of a gateway's event loops, so a DeleteBucket here
 * drops the record for every loop; another gateway's delete is seen by object requests within the
 * time to live (bucket-level requests always ask the trackers).
 */
public final class BucketCache {
  /** Past this many records the cache starts over (bucket names are few in practice). */
  private static final int MAX_ENTRIES = 10_000;
  private final ConcurrentHashMap<String, Cached> records = new ConcurrentHashMap<>();
  private final long ttlNanos;

  private record Cached(BucketInfo bucket, long expiresNanos) {}

  /** {@code ttl} zero disables caching. */
  public BucketCache(Duration ttl) {
    this.ttlNanos = ttl.toNanos();
  }

  /** The cached record, or null when absent or expired. */
  BucketInfo get(String name) {
    Cached c = records.get(name);
    if (c == null) {
      return null;
    }
    if (System.nanoTime() - c.expiresNanos >= 0) {
      records.remove(name, c);
      return null;
    }
    return c.bucket;
  }

  void put(BucketInfo bucket) {
    if (ttlNanos <= 0) {
      return;
    }
    if (records.size() >= MAX_ENTRIES) {
      records.clear();
    }
    records.put(bucket.name(), new Cached(bucket, System.nanoTime() + ttlNanos));
  }

  void invalidate(String name) {
    records.remove(name);
  }
}
