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

  @Test
  void inlineValuesCarryTheirBytesAfterTheJson() {
    byte[] json = "{\"inline\":true}".getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[] {0, 1, 2, (byte) 0xff, '{'};
    byte[] raw = IndexValue.live(77, 3, json, data).encode();
    assertEquals(IndexValue.FORMAT_INLINE, raw[0]);
    IndexValue v = IndexValue.decode(raw);
    assertEquals(77, v.hlc());
    assertEquals(3, v.node());
    assertFalse(v.tombstone());
    assertTrue(v.inline());
    assertArrayEquals(json, v.json());
    assertArrayEquals(data, v.data());
  }

  @Test
  void listingsDecodeTheJsonWithoutTheInlineBytes() {
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    IndexValue v = IndexValue.decodeWithoutData(IndexValue.live(9, 1, json, new byte[16 * 1024]).encode());
    assertArrayEquals(json, v.json());
    assertNull(v.data());
  }

  @Test
  void valuesWithoutInlineBytesKeepTheOldFormat() {
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] raw = IndexValue.live(9, 1, json, null).encode();
    assertEquals(IndexValue.FORMAT, raw[0]);
    assertEquals(IndexValue.HEADER + json.length, raw.length);
    IndexValue v = IndexValue.decode(raw);
    assertArrayEquals(json, v.json());
    assertFalse(v.inline());
    // a tombstone of an inline key carries no data either
    IndexValue t = IndexValue.decode(IndexValue.tombstone(10, 1).encode());
    assertTrue(t.tombstone());
    assertFalse(t.inline());
    assertTrue(t.newerThan(IndexValue.live(9, 1, json, new byte[] {1})));
  }

  @Test
  void inlineValuesSurviveTheReplicaForm() {
    byte[] json = "{\"etag\":\"e\"}".getBytes(StandardCharsets.UTF_8);
    byte[] data = "hello inline".getBytes(StandardCharsets.UTF_8);
    IndexValue v = IndexValue.live(5, 2, json, data);
    IndexValue back = IndexContext.fromReplica(new io.vertx.core.json.JsonObject(
        IndexContext.replica("b-1", "k".getBytes(StandardCharsets.UTF_8), v).encode()));
    assertEquals(5, back.hlc());
    assertArrayEquals(data, back.data());
    assertEquals(new io.vertx.core.json.JsonObject(new String(json, StandardCharsets.UTF_8)),
        new io.vertx.core.json.JsonObject(new String(back.json(), StandardCharsets.UTF_8)));
    IndexValue plain = IndexContext.fromReplica(IndexContext.replica("b-1", new byte[] {'k'}, IndexValue.live(5, 2, json)));
    assertNull(plain.data());
  }
}
