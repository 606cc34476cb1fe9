package io.stowage.storage.index;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Decoded values of recently read keys, so that a hot GET skips the RocksDB read (a JNI call and a
 * memtable or block search) and the decoding of the stored bytes. Filled by reads only; every write
 * of a key empties it of that key ({@link KeyIndex} reports each write, after it is applied).
 *
 * <p>A read that overlaps a write of its key must not leave the older value behind. Each of the
 * segments has a generation that every write to one of its keys moves on, under the segment's
 * lock: a reader takes the generation before it reads the index and {@link #offer}s its value
 * under that stamp, and the value is dropped if a write came in between.
 *
 * <p>Bounded by bytes (each value weighs what it took to store) and entries; within a segment the
 * least recently used go first. Cached values are shared: callers must not modify them.
 */
final class HotValues<V> implements KeyIndex.WriteListener {
  private static final int SEGMENT_BITS = 5;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;
  /** What a cached entry costs besides its stored bytes (key, map node, decoded object). */
  static final int ENTRY_OVERHEAD = 160;

  private final Segment<V>[] segments;
  private final long segmentBytes;
  private final int segmentEntries;

  /** At most {@code maxBytes} of values (0 = cache nothing) and at most {@code maxEntries} entries. */
  @SuppressWarnings("unchecked")
  HotValues(long maxBytes, int maxEntries) {
    segments = new Segment[SEGMENTS];
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment<>();
    }
    segmentBytes = Math.max(0, maxBytes) / SEGMENTS;
    segmentEntries = Math.max(0, maxEntries) / SEGMENTS;
  }

  /** A key (as {@link KeyIndex} stores it) in the form this cache looks it up by. */
  static Key key(byte[] storedKey) {
    return new Key(storedKey, Arrays.hashCode(storedKey));
  }

  /** The cached value, or null. */
  V get(Key k) {
    return segment(k).get(k);
  }

  /** The generation to read {@code k} under: pass it to {@link #offer} with what the read found. */
  long stamp(Key k) {
    return segment(k).stamp();
  }

  /** Remembers {@code value} of {@code k}, read under {@code stamp}, unless a write came in since. */
  void offer(Key k, V value, int storedBytes, long stamp) {
    long weight = (long) storedBytes + k.bytes.length + ENTRY_OVERHEAD;
    if (weight <= segmentBytes && segmentEntries > 0) {
      segment(k).offer(k, value, weight, stamp, segmentBytes, segmentEntries);
    }
  }

  @Override
  public void written(byte[] storedKey) {
    Key k = key(storedKey);
    segment(k).invalidate(k);
  }

  /** Entries held now (for tests and metrics). */
  int size() {
    int n = 0;
    for (Segment<V> s : segments) {
      n += s.size();
    }
    return n;
  }

  private Segment<V> segment(Key k) {
    return segments[(k.hash * 0x9E3779B9) >>> (Integer.SIZE - SEGMENT_BITS)]; // Fibonacci hashing: all bits count
  }

  /** A stored key with its hash computed once. */
  static final class Key {
    private final byte[] bytes;
    private final int hash;

    private Key(byte[] bytes, int hash) {
      this.bytes = bytes;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Held<V>(V value, long weight) {}

  private static final class Segment<V> {
    private final LinkedHashMap<Key, Held<V>> map = new LinkedHashMap<>(16, 0.75f, true); // access order
    private long generation;
    private long bytes;

    synchronized V get(Key k) {
      Held<V> h = map.get(k);
      return h == null ? null : h.value();
    }

    synchronized long stamp() {
      return generation;
    }

    synchronized void offer(Key k, V value, long weight, long stamp, long maxBytes, int maxEntries) {
      if (stamp != generation) {
        return; // a write of some key of this segment came in since the read began: maybe of this one
      }
      Held<V> old = map.put(k, new Held<>(value, weight));
      bytes += weight - (old == null ? 0 : old.weight());
      Iterator<Held<V>> eldestFirst = map.values().iterator();
      while ((bytes > maxBytes || map.size() > maxEntries) && eldestFirst.hasNext()) {
        bytes -= eldestFirst.next().weight();
        eldestFirst.remove();
      }
    }

    synchronized void invalidate(Key k) {
      generation++;
      Held<V> old = map.remove(k);
      if (old != null) {
        bytes -= old.weight();
      }
    }

    synchronized int size() {
      return map.size();
    }
  }
}
