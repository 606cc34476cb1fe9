package io.stowage.s3.http;

import io.stowage.common.client.TrackerClient;
import io.stowage.common.proto.Commands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Buckets anonymous clients may read: named by {@code public-read:<bucket>} grants on enabled
 * credentials (the admin key that made the bucket public carries the grant; see
 * docs/internal-protocol.md). Read from the trackers with CREDENTIAL_LIST (never secrets) and reused
 * for a few seconds; when the trackers cannot be asked, nothing is public. One per event loop.
 */
final class PublicReadBuckets {
  static final String GRANT_PREFIX = "public-read:";

  private final TrackerClient trackers;
  private final long ttlNanos;
  private Set<String> cached;
  private long expiresNanos;

  PublicReadBuckets(TrackerClient trackers, Duration ttl) {
    this.trackers = trackers;
    this.ttlNanos = ttl.toNanos();
  }

  Future<Boolean> isPublic(String bucket) {
    if (cached != null && System.nanoTime() - expiresNanos < 0) {
      return Future.succeededFuture(cached.contains(bucket));
    }
    return load(null, new HashSet<>()).map(set -> {
      cached = Set.copyOf(set);
      expiresNanos = System.nanoTime() + ttlNanos;
      return cached.contains(bucket);
    }).otherwise(false);
  }

  private Future<Set<String>> load(String after, Set<String> acc) {
    JsonObject req = new JsonObject().put("limit", 1000);
    if (after != null) {
      req.put("after", after);
    }
    return trackers.internal(Commands.CREDENTIAL_LIST, req).compose(page -> {
      JsonArray creds = page.getJsonArray("credentials", new JsonArray());
      String last = null;
      for (int i = 0; i < creds.size(); i++) {
        JsonObject c = creds.getJsonObject(i);
        last = c.getString("accessKey");
        if (!c.getBoolean("enabled", false)) {
          continue;
        }
        JsonArray grants = c.getJsonArray("grants", new JsonArray());
        for (int j = 0; j < grants.size(); j++) {
          String g = String.valueOf(grants.getValue(j));
          if (g.startsWith(GRANT_PREFIX) && g.length() > GRANT_PREFIX.length()) {
            acc.add(g.substring(GRANT_PREFIX.length()));
          }
        }
      }
      return page.getBoolean("truncated", false) && last != null ? load(last, acc) : Future.succeededFuture(acc);
    });
  }
}
