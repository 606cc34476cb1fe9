package io.stowage.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HotValuesTest {
  private static HotValues.Key key(String s) {
    return HotValues.key(s.getBytes(UTF_8));
  }

  /** Reads {@code k} the way the index does: stamp, then offer what was found. */
  private static void read(HotValues<String> cache, String k, String found) {
    long stamp = cache.stamp(key(k));
    cache.offer(key(k), found, 100, stamp);
  }

  @Test
  void aReadValueIsServedUntilItsKeyIsWritten() {
    HotValues<String> cache = new HotValues<>(1 << 20, 1000);
    read(cache, "a", "v1");
    assertEquals("v1", cache.get(key("a")));
    assertEquals("v1", cache.get(HotValues.key("a".getBytes(UTF_8))), "looked up by content, not identity");

    cache.written("a".getBytes(UTF_8));
    assertNull(cache.get(key("a")), "a write drops the key");
    read(cache, "a", "v2");
    assertEquals("v2", cache.get(key("a")));
  }

  @Test
  void aReadThatOverlappedAWriteOfItsKeyIsNotRemembered() {
    HotValues<String> cache = new HotValues<>(1 << 20, 1000);
    long stamp = cache.stamp(key("a"));
    // the read found the old value, then a write of "a" completed before the read offered it
    cache.written("a".getBytes(UTF_8));
    cache.offer(key("a"), "old", 100, stamp);
    assertNull(cache.get(key("a")), "the older value must not outlive the write");

    long later = cache.stamp(key("a"));
    cache.offer(key("a"), "new", 100, later);
    assertEquals("new", cache.get(key("a")));
  }

  @Test
  void theLeastRecentlyUsedGoFirstWhenBytesRunOut() {
    // one segment's share: 32 segments of 2,000 bytes; keys that land in one segment fill it
    HotValues<String> cache = new HotValues<>(32 * 2000, 1_000_000);
    HotValues.Key first = null;
    java.util.List<String> same = new java.util.ArrayList<>();
    for (int i = 0; same.size() < 4; i++) {
      String k = "k" + i;
      if (first == null || sameSegment(cache, first, key(k))) {
        first = first == null ? key(k) : first;
        same.add(k);
      }
    }
    int weight = 500 - same.get(0).length() - HotValues.ENTRY_OVERHEAD; // each entry then weighs about 500 bytes
    for (String k : same.subList(0, 3)) {
      cache.offer(key(k), k, weight, cache.stamp(key(k)));
    }
    assertEquals(same.get(0), cache.get(key(same.get(0))), "touched: now the most recently used");
    cache.offer(key(same.get(3)), same.get(3), weight + 600, cache.stamp(key(same.get(3))));
    assertNull(cache.get(key(same.get(1))), "the least recently used went");
    assertEquals(same.get(0), cache.get(key(same.get(0))));
    assertEquals(same.get(3), cache.get(key(same.get(3))));
  }

  /** Whether two keys share a segment: a write of one moves the other's stamp on. */
  private static boolean sameSegment(HotValues<String> cache, HotValues.Key a, HotValues.Key b) {
    long before = cache.stamp(b);
    cache.written(bytesOf(a));
    return cache.stamp(b) != before;
  }

  private static byte[] bytesOf(HotValues.Key k) {
    for (int i = 0; ; i++) {
      byte[] b = ("k" + i).getBytes(UTF_8);
      if (HotValues.key(b).equals(k)) {
        return b;
      }
    }
  }

  @Test
  void entriesAreBoundedToo() {
    HotValues<String> cache = new HotValues<>(1L << 30, 32 * 2); // two per segment
    for (int i = 0; i < 1000; i++) {
      read(cache, "k" + i, "v" + i);
    }
    assertEquals(64, cache.size());
  }

  @Test
  void sizeZeroCachesNothing() {
    HotValues<String> cache = new HotValues<>(0, 0);
    read(cache, "a", "v");
    assertNull(cache.get(key("a")));
    assertEquals(0, cache.size());
  }
}
