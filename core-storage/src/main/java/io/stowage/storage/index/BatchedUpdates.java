package io.stowage.storage.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One thread that applies the index's unsynced read-modify-writes ({@link KeyIndex#updateUnsynced})
 * in batches: it takes every update queued meanwhile, reads and changes each under its key's lock
 * stripe, writes them to RocksDB as one batch, then runs each one's follow-up (its binlog line) in
 * order, still under the stripes. Handing each update to a pool thread and back cost more than the
 * RocksDB write itself under small PUTs; one writer that drains a queue wakes once per batch, and
 * RocksDB writes its WAL record once per batch. Durability is unchanged: the writes are unsynced,
 * and a {@link KeyIndex#syncWal} started after an update completes covers it.
 */
final class BatchedUpdates {
  /** Largest batch: bounds how long the first update of a batch waits for the last. */
  static final int MAX_BATCH = 64;

  /** What the writer needs of the index. */
  interface Store {
    /** Holds while the index is open: a batch runs under it. */
    Lock openLock();

    boolean closed();

    ReentrantLock stripe(byte[] key);

    byte[] get(byte[] key) throws RocksDBException;

    void writeUnsynced(WriteBatch batch) throws RocksDBException;

    /** Tells the index's write listeners, once the write is applied (or failed). */
    void written(byte[] key);
  }

  private static final class Update<T> {
    final byte[] key;
    final UnaryOperator<byte[]> change;
    final Callable<T> after;
    final CompletableFuture<T> done = new CompletableFuture<>();
    /** What {@code after} returned; stays null when nothing was stored (then {@code after} never runs). */
    T result;
    Throwable failure;

    Update(byte[] key, UnaryOperator<byte[]> change, Callable<T> after) {
      this.key = key;
      this.change = change;
      this.after = after;
    }

    void runAfter() {
      try {
        result = after.call();
      } catch (Throwable e) {
        failure = e;
      }
    }

    void complete() {
      if (failure != null) {
        done.completeExceptionally(failure);
      } else {
        done.complete(result);
      }
    }
  }

  private static final Update<Void> STOP = new Update<>(new byte[0], v -> null, () -> null);

  private final Store store;
  private final LinkedBlockingQueue<Update<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private boolean stopped;

  BatchedUpdates(Store store, String name) {
    this.store = store;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues an update. Completes on the writer thread, once it is applied and followed up, with what
   * {@code after} returned, or null when {@code change} stored nothing.
   */
  <T> CompletableFuture<T> submit(byte[] key, UnaryOperator<byte[]> change, Callable<T> after) {
    Update<T> u = new Update<>(key, change, after);
    synchronized (this) { // every update queued before STOP is applied
      if (!stopped) {
        queue.add(u);
        return u.done;
      }
    }
    u.done.completeExceptionally(new IllegalStateException("index closed"));
    return u.done;
  }

  /** Applies what was queued before, then stops the thread; later updates fail. */
  void stop() throws InterruptedException {
    synchronized (this) {
      if (!stopped) {
        stopped = true;
        queue.add(STOP);
      }
    }
    thread.join();
  }

  private void loop() {
    List<Update<?>> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      try {
        applyAll(batch);
      } catch (Throwable e) { // a bug, not an I/O error (those fail their updates): fail the batch, keep going
        batch.forEach(u -> u.done.completeExceptionally(e));
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void applyAll(List<Update<?>> batch) {
    store.openLock().lock();
    try {
      if (store.closed()) {
        batch.forEach(u -> u.failure = new IllegalStateException("index closed"));
      } else {
        for (int from = 0; from < batch.size(); ) {
          from = applyGroup(batch, from);
        }
      }
    } finally {
      store.openLock().unlock();
    }
    batch.forEach(Update::complete);
  }

  /**
   * Applies updates from {@code from} on as one RocksDB batch, up to the first whose lock stripe
   * another thread holds (that one starts the next group, when this group's stripes are released:
   * waiting for it while holding them could deadlock with a multi-key write). Returns where it stopped.
   */
  private int applyGroup(List<Update<?>> batch, int from) {
    List<ReentrantLock> held = new ArrayList<>();
    List<Update<?>> stored = new ArrayList<>();
    Map<ByteBuffer, byte[]> pending = new HashMap<>(); // values this group wrote, for a key updated twice
    int i = from;
    try (WriteBatch writes = new WriteBatch()) {
      for (; i < batch.size(); i++) {
        Update<?> u = batch.get(i);
        ReentrantLock stripe = store.stripe(u.key);
        if (!stripe.tryLock()) {
          if (i > from) {
            break;
          }
          stripe.lock(); // holding nothing else yet
        }
        held.add(stripe);
        try {
          ByteBuffer k = ByteBuffer.wrap(u.key);
          byte[] value = u.change.apply(pending.containsKey(k) ? pending.get(k) : store.get(u.key));
          if (value != null) {
            writes.put(u.key, value);
            pending.put(k, value);
            stored.add(u);
          }
        } catch (Throwable e) {
          u.failure = e;
        }
      }
      if (!stored.isEmpty()) {
        try {
          store.writeUnsynced(writes);
        } catch (Throwable e) {
          stored.forEach(u -> u.failure = e);
        } finally {
          stored.forEach(u -> store.written(u.key));
        }
        for (Update<?> u : stored) {
          if (u.failure == null) {
            u.runAfter();
          }
        }
      }
    } finally {
      for (int h = held.size() - 1; h >= 0; h--) {
        held.get(h).unlock();
      }
    }
    return i;
  }
}
