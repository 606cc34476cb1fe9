package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HlcTest {
  @Test
  void neverGoesBackwardsEvenWhenTheWallClockDoes() {
    AtomicLong wall = new AtomicLong(1_000);
    Hlc c = new Hlc(wall::get);
    long a = c.now();
    wall.set(500);
    long b = c.now();
    assertTrue(b > a);
    assertTrue(c.now() > b);
  }

  @Test
  void issuesTimestampsPastEverythingObserved() {
    Hlc c = new Hlc(() -> 1_000);
    long remote = (5_000L << 16) + 7;
    c.observe(remote);
    assertTrue(c.now() > remote);
  }

  @Test
  void ordersByTimestampThenServerId() {
    assertTrue(Hlc.after(2, 1, 1, 9));
    assertTrue(Hlc.after(2, 5, 2, 4));
    assertFalse(Hlc.after(2, 4, 2, 4));
    assertFalse(Hlc.after(1, 9, 2, 1));
  }
}
