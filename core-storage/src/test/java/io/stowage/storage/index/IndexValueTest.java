package io.stowage.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexValueTest {
  @Test
  void roundTripsLiveValuesAndTombstones() {
    byte[] json = "{\"etag\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    IndexValue v = IndexValue.decode(IndexValue.live(123456789L, 42, json).encode());
    assertEquals(123456789L, v.hlc());
    assertEquals(42, v.node());
    assertFalse(v.tombstone());
    assertArrayEquals(json, v.json());
    IndexValue t = IndexValue.decode(IndexValue.tombstone(5, 7).encode());
    assertTrue(t.tombstone());
    assertEquals(0, t.json().length);
    assertNull(IndexValue.decode(null));
  }

  @Test
  void bareJsonFromBeforeReplicationReadsAsTheOldestValue() {
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    IndexValue legacy = IndexValue.decode(json);
    assertArrayEquals(json, legacy.json());
    assertFalse(legacy.tombstone());
    assertTrue(IndexValue.live(1, 1, json).newerThan(legacy));
  }

  @Test
  void lastWriterWinsByClockThenServerId() {
    IndexValue a = IndexValue.live(10, 1, new byte[0]);
    IndexValue b = IndexValue.live(10, 2, new byte[0]);
    IndexValue c = IndexValue.tombstone(11, 1);
    assertTrue(b.newerThan(a));
    assertFalse(a.newerThan(b));
    assertTrue(c.newerThan(b));
    assertFalse(a.newerThan(a));
    assertTrue(a.newerThan(null));
  }
}
