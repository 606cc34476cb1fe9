package io.stowage.storage.index;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.storage.replication.GroupMembers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes index tombstones once every member of the group has them. A tombstone only has to outlive
 * two things: a delayed, older put of its key (a REPLICA_INDEX in flight, bounded by
 * {@code replication_timeout}), and a member that missed the delete. Such a member is never ACTIVE
 * while it misses it: the delete's writer takes a failed peer out of the in-sync set before answering,
 * and a member coming back replays the peers' binlogs, where the {@code Y} record makes it fetch the
 * key's current value (the tombstone) before SYNC_DONE. So a tombstone is purged when
 *
 * <ul>
 *   <li>it is older than {@code tombstone_grace} (default 1 h, far longer than any write in flight),
 *   <li>every member of the group, this one included, is ACTIVE in this server's view (DELETED servers
 *       are no members), and
 *   <li>that view is fresh (a tracker answered within three heartbeats): a stale view could miss a
 *       member that went out of sync.
 * </ul>
 *
 * Any member OFFLINE, SYNCING or WAIT_SYNC stops purging on every member until it is back in sync.
 * The binlog records stay: a member catching up later finds the key absent on its peers and keeps it
 * absent; a new member copying the group (INDEX_FETCH) never sees the purged key, which is correct.
 *
 * <p>The pass walks the whole index in pages on the index's worker pool and deletes a tombstone only
 * while it is still the stored value ({@link KeyIndex#deleteIfEquals}), so a put racing the pass wins.
 */
public final class TombstonePurge {
  private static final Logger log = LoggerFactory.getLogger(TombstonePurge.class);
  static final int PAGE = 1000;
  /** Live values may carry inline objects: a page holds at most about this many value bytes. */
  static final long PAGE_BYTES = 1 << 20;

  private final KeyIndex index;
  private final long graceMs;
  private final BooleanSupplier groupInSync;
  private final LongSupplier clock;
  private final AtomicLong purged = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private Vertx vertx;
  private long timer = -1;
  private boolean running;

  public TombstonePurge(KeyIndex index, Duration grace, BooleanSupplier groupInSync, LongSupplier clock) {
    this.index = index;
    this.graceMs = grace.toMillis();
    this.groupInSync = groupInSync;
    this.clock = clock;
  }

  /**
   * Whether every member of the group is ACTIVE in {@code view} (this server included) and the view
   * came from a tracker answer at most {@code maxAgeMs} old.
   */
  public static boolean groupInSync(GroupMembers view, long lastAnswerMs, long nowMs, long maxAgeMs) {
    if (view.self() != ServerStatus.ACTIVE || lastAnswerMs <= 0 || nowMs - lastAnswerMs > maxAgeMs) {
      return false;
    }
    return view.members().stream().allMatch(m -> m.status() == ServerStatus.ACTIVE);
  }

  /** Runs a pass every half grace period (1 s .. 10 min). */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    long every = Math.max(1000, Math.min(600_000, graceMs / 2));
    timer = vertx.setPeriodic(every, id -> {
      if (!running) {
        runPass();
      }
    });
  }

  public void stop() {
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Tombstones removed since start. */
  public long purged() {
    return purged.get();
  }

  /** Passes that ran (the group was in sync) since start. */
  public long passes() {
    return passes.get();
  }

  /** One pass: completes with the tombstones it removed (0 when the group is not all in sync). */
  public Future<Integer> runPass() {
    if (running || !groupInSync.getAsBoolean()) {
      return Future.succeededFuture(0);
    }
    running = true;
    long cutoffMs = clock.getAsLong() - graceMs;
    int[] count = new int[1];
    return page(null, cutoffMs, count).transform(ar -> {
      running = false;
      passes.incrementAndGet();
      if (ar.failed()) {
        log.warn("tombstone purge stopped after {} removed: {}", count[0], ar.cause().toString());
      } else if (count[0] > 0) {
        log.info("purged {} index tombstone(s) older than {} s", count[0], graceMs / 1000);
      }
      return Future.succeededFuture(count[0]);
    });
  }

  private Future<Void> page(byte[] after, long cutoffMs, int[] count) {
    return index.scanAll(after, PAGE, PAGE_BYTES).compose(entries -> purgeAll(entries, 0, cutoffMs, count).compose(v -> {
      if (entries.isEmpty() || !groupInSync.getAsBoolean()) {
        return Future.<Void>succeededFuture();
      }
      return page(KeyIndex.position(entries.get(entries.size() - 1)), cutoffMs, count); // stops at the end: an empty page
    }));
  }

  private Future<Void> purgeAll(List<KeyIndex.RawEntry> entries, int from, long cutoffMs, int[] count) {
    for (int i = from; i < entries.size(); i++) {
      KeyIndex.RawEntry e = entries.get(i);
      if (expired(e.value(), cutoffMs)) {
        int next = i + 1;
        return index.deleteIfEquals(e.bucket(), e.key(), e.value()).compose(deleted -> {
          if (deleted) {
            count[0]++;
            purged.incrementAndGet();
          }
          return purgeAll(entries, next, cutoffMs, count);
        });
      }
    }
    return Future.succeededFuture();
  }

  /** Whether a stored value is a tombstone written before {@code cutoffMs} (the clock's high 48 bits are ms). */
  static boolean expired(byte[] raw, long cutoffMs) {
    IndexValue v;
    try {
      v = IndexValue.decodeWithoutData(raw); // only the header matters: no copy of inline bytes
    } catch (RuntimeException e) {
      return false; // not ours to judge: leave it
    }
    return v != null && v.tombstone() && (v.hlc() >>> 16) < cutoffMs;
  }
}
