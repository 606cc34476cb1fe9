package io.stowage.bench;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The keys a driver has written, per object size: the fill step's objects that GETs read round-robin,
 * and every key written since that a delete case may remove.
 */
final class ObjectPool {
  private final Map<Long, List<String>> readable = new ConcurrentHashMap<>();
  private final Map<Long, ConcurrentLinkedQueue<String>> deletable = new ConcurrentHashMap<>();

  List<String> readable(long size) {
    return readable.computeIfAbsent(size, s -> new CopyOnWriteArrayList<>());
  }

  /** The fill object GET request {@code seq} of worker {@code worker} reads: spreads workers over the pool. */
  String readKey(long size, int worker, long seq, int concurrency) {
    List<String> keys = readable(size);
    return keys.get(Math.floorMod(worker + seq * concurrency, keys.size()));
  }

  void written(long size, String key) {
    deletable.computeIfAbsent(size, s -> new ConcurrentLinkedQueue<>()).add(key);
  }

  /** A key to delete (it leaves the readable pool too), or null when none is left. */
  String takeDeletable(long size) {
    ConcurrentLinkedQueue<String> q = deletable.get(size);
    String key = q == null ? null : q.poll();
    if (key != null) {
      readable(size).remove(key);
    }
    return key;
  }

  /** Drops {@code keys} (deleted by the bench itself) from every size's pools. */
  void forget(Collection<String> keys) {
    Set<String> gone = new HashSet<>(keys);
    deletable.values().forEach(q -> q.removeIf(gone::contains));
    readable.values().forEach(l -> l.removeIf(gone::contains));
  }

  int deletableCount(long size) {
    ConcurrentLinkedQueue<String> q = deletable.get(size);
    return q == null ? 0 : q.size();
  }
}
