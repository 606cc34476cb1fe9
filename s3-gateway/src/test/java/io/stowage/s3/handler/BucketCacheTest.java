package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stowage.common.client.BucketInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BucketCacheTest {
  private static final BucketInfo PHOTOS = new BucketInfo("photos", "group1", 1L, "AK");

  @Test
  void keepsAFoundBucketUntilItsTimeToLiveOrItsDeletion() {
    BucketCache cache = new BucketCache(Duration.ofMinutes(1));
    assertNull(cache.get("photos"));
    cache.put(PHOTOS);
    assertEquals(PHOTOS, cache.get("photos"));
    cache.invalidate("photos");
    assertNull(cache.get("photos"));
  }

  @Test
  void forgetsExpiredRecords() throws InterruptedException {
    BucketCache cache = new BucketCache(Duration.ofMillis(20));
    cache.put(PHOTOS);
    Thread.sleep(40);
    assertNull(cache.get("photos"));
  }

  @Test
  void aZeroTimeToLiveCachesNothing() {
    BucketCache cache = new BucketCache(Duration.ZERO);
    cache.put(PHOTOS);
    assertNull(cache.get("photos"));
  }
}
