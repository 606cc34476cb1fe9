package io.stowage.storage.index;

import io.stowage.storage.fs.GroupCommitter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.rocksdb.ReadOptions;
import org.rocksdb.ReadTier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ordered, persistent object-key index of the buckets homed on this server's group (RocksDB).
 * Keys are raw bytes scoped by bucket: stored as {@code UTF-8(bucket) 0x00 key}, so one bucket's keys
 * are contiguous and ordered by unsigned byte order, which for UTF-8 keys is code point order (what
 * S3 listings use). Every method runs on a small worker pool and returns a Future, except a point
 * read the memtable or block cache can answer, which needs no disk, and the unsynced
 * read-modify-writes, which one writer thread applies in batches ({@link BatchedUpdates}); the
 * other writes are synced to disk before they complete.
 */
public final class KeyIndex {
  private static final int MAX_BUCKET_BYTES = 255;
  /**
   * Threads running index calls. Mostly they wait for a WAL fsync; synced writes issued from
   * concurrent threads share it (RocksDB's group commit), so more threads mean larger groups.
   */
  static final int WORKERS = 16;

  /** One key/value pair of a bucket (the key without the bucket scope). */
  public record Entry(byte[] key, byte[] value) {
    public String keyUtf8() {
      return new String(key, StandardCharsets.UTF_8);
    }
  }

  /** Told of every key a write put or deleted, once the write is applied and before it completes. */
  public interface WriteListener {
    /** {@code storedKey} as {@link #encode} makes it: the bucket's scope, then the key. */
    void written(byte[] storedKey);
  }

  /** One change of an atomic {@link #write}: {@code value == null} deletes. */
  public record Mutation(byte[] key, byte[] value) {
    public static Mutation put(byte[] key, byte[] value) {
      return new Mutation(key, value);
    }

    public static Mutation delete(byte[] key) {
      return new Mutation(key, null);
    }
  }

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final IndexOptions options;
  private final WriteOptions writeOptions;
  /** Purging a tombstone need not be durable: one lost in a crash is simply purged again. */
  private final WriteOptions purgeOptions;
  /** Writes of {@link #updateUnsynced}, whose durability the caller gets from {@link #syncWal}. */
  private final WriteOptions unsyncedOptions;
  /** Reads answered from memory only: RocksDB reports Incomplete instead of reading a block from disk. */
  private final ReadOptions memoryOnly;
  private final GroupCommitter walSync;
  private final WorkerExecutor worker;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  /** Writes of one key exclude {@link #deleteIfEquals} on it (lock striped by key hash). */
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final List<WriteListener> writeListeners = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final BatchedUpdates updates;
  private boolean closed;

  private KeyIndex(Vertx vertx, Path dir, RocksDB db, IndexOptions options, WorkerExecutor worker) {
    this.vertx = vertx;
    this.db = db;
    this.options = options;
    this.writeOptions = new WriteOptions().setSync(true);
    this.purgeOptions = new WriteOptions().setSync(false);
    this.unsyncedOptions = new WriteOptions().setSync(false);
    this.memoryOnly = new ReadOptions().setReadTier(ReadTier.BLOCK_CACHE_TIER);
    this.walSync = new GroupCommitter("stowage-index-wal-sync", this::syncWalBlocking);
    this.worker = worker;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
    this.updates = new BatchedUpdates(new BatchedUpdates.Store() {
      @Override
      public Lock openLock() {
        return lifecycle.readLock();
      }

      @Override
      public boolean closed() {
        return closed;
      }

      @Override
      public ReentrantLock stripe(byte[] key) {
        return stripeOf(key);
      }

      @Override
      public byte[] get(byte[] key) throws RocksDBException {
        return db.get(key);
      }

      @Override
      public void writeUnsynced(WriteBatch batch) throws RocksDBException {
        db.write(unsyncedOptions, batch);
      }

      @Override
      public void written(byte[] key) {
        KeyIndex.this.written(key);
      }
    }, "stowage-index-writer-" + dir.toAbsolutePath());
  }

  /** Opens (creating) the index in {@code dir}. */
  public static Future<KeyIndex> open(Vertx vertx, Path dir) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("stowage-index-" + dir.toAbsolutePath(), WORKERS);
    return worker.<KeyIndex>executeBlocking(() -> {
      Files.createDirectories(dir);
      IndexOptions o = new IndexOptions();
      try {
        return new KeyIndex(vertx, dir, RocksDB.open(o.options(), dir.toString()), o, worker);
      } catch (RocksDBException e) {
        o.close();
        throw e;
      }
    }, false).onFailure(e -> worker.close());
  }

  /** The stored form of a bucket's key: {@code UTF-8(bucket) 0x00 key}. */
  public static byte[] encode(String bucket, byte[] key) {
    byte[] scope = scope(bucket);
    byte[] out = Arrays.copyOf(scope, scope.length + key.length);
    System.arraycopy(key, 0, out, scope.length, key.length);
    return out;
  }

  /** The prefix every stored key of {@code bucket} starts with. */
  public static byte[] scope(String bucket) {
    if (bucket == null || bucket.isEmpty() || bucket.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad bucket name");
    }
    byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_BUCKET_BYTES) {
      throw new IllegalArgumentException("bucket name too long");
    }
    return Arrays.copyOf(b, b.length + 1);
  }

  public Future<Void> put(String bucket, byte[] key, byte[] value) {
    byte[] k = encode(bucket, key);
    return run(() -> striped(k, () -> {
      try {
        db.put(writeOptions, k, value);
      } finally {
        written(k);
      }
      return null;
    }));
  }

  /**
   * A read-modify-write of one key that does not wait for the disk (the write is in the WAL, durable
   * once a {@link #syncWal} that starts after this completes, so a caller can overlap that sync with
   * others): {@code change} gets the stored value (null when absent) and returns the value to store,
   * or null to store nothing; when it stored something, {@code after} runs next (e.g. to log the
   * write), still excluding other writes of the key. Completes with what {@code after} returned, or
   * null when nothing was stored. Runs on the index's writer thread, batched with the updates queued
   * meanwhile ({@link BatchedUpdates}); {@code change} and {@code after} run there too.
   */
  public <T> Future<T> updateUnsynced(String bucket, byte[] key, UnaryOperator<byte[]> change, Callable<T> after) {
    return Future.fromCompletionStage(updates.submit(encode(bucket, key), change, after), vertx.getOrCreateContext());
  }

  /**
   * Makes every write completed before this call durable (a WAL fsync shared with every caller
   * waiting meanwhile: group commit). Completes on a sync thread.
   */
  public CompletableFuture<Void> syncWal() {
    return walSync.commit();
  }

  /**
   * The value, or null when the key is absent. A hot key (in the memtable or the block cache) is
   * read on the caller's thread: no disk I/O, and no hand-off to a worker and back, which cost more
   * than the read itself. Anything that would touch the disk goes to the worker pool.
   */
  public Future<byte[]> get(String bucket, byte[] key) {
    return getStored(encode(bucket, key));
  }

  /** {@link #get} of a key as {@link #encode} stores it. */
  Future<byte[]> getStored(byte[] k) {
    if (lifecycle.readLock().tryLock()) { // not while closing: close() holds the write lock
      try {
        if (!closed) {
          return Future.succeededFuture(db.get(memoryOnly, k));
        }
      } catch (RocksDBException e) {
        // Incomplete: a block it needs is on disk. Any other failure shows again on the worker.
      } finally {
        lifecycle.readLock().unlock();
      }
    }
    return run(() -> db.get(k));
  }

  public Future<Void> delete(String bucket, byte[] key) {
    byte[] k = encode(bucket, key);
    return run(() -> striped(k, () -> {
      try {
        db.delete(writeOptions, k);
      } finally {
        written(k);
      }
      return null;
    }));
  }

  /** Applies all mutations of one bucket atomically. */
  public Future<Void> write(String bucket, List<Mutation> mutations) {
    List<byte[]> keys = new ArrayList<>();
    for (Mutation m : mutations) {
      keys.add(encode(bucket, m.key()));
    }
    return run(() -> striped(keys, () -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < mutations.size(); i++) {
          byte[] v = mutations.get(i).value();
          if (v == null) {
            batch.delete(keys.get(i));
          } else {
            batch.put(keys.get(i), v);
          }
        }
        try {
          db.write(writeOptions, batch);
        } finally {
          keys.forEach(this::written);
        }
      }
      return null;
    }));
  }

  /**
   * Deletes the key only while its stored value is still exactly {@code expected}, atomically with
   * respect to this index's other writes (a value written meanwhile is kept). Completes with whether
   * it deleted. Not synced on its own (it serves tombstone purges, which may be lost and redone).
   */
  public Future<Boolean> deleteIfEquals(String bucket, byte[] key, byte[] expected) {
    byte[] k = encode(bucket, key);
    return run(() -> striped(k, () -> {
      if (!Arrays.equals(db.get(k), expected)) {
        return false;
      }
      try {
        db.delete(purgeOptions, k);
      } finally {
        written(k);
      }
      return true;
    }));
  }

  /** One stored pair across all buckets: the bucket name, the key within it, the value. */
  public record RawEntry(String bucket, byte[] key, byte[] value) {}

  /**
   * Up to {@code limit} entries of every bucket in stored order after the position {@code after}
   * (a {@link #position} of an earlier entry; null = from the start), fewer once their values reach
   * {@code maxBytes} (values may carry inline objects); at least one unless the end is reached. For
   * whole-index sweeps: an empty list means the end.
   */
  public Future<List<RawEntry>> scanAll(byte[] after, int limit, long maxBytes) {
    return run(() -> {
      List<RawEntry> out = new ArrayList<>();
      try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
        if (after == null) {
          it.seekToFirst();
        } else {
          it.seek(after);
          if (it.isValid() && Arrays.equals(it.key(), after)) {
            it.next();
          }
        }
        long bytes = 0;
        while (it.isValid() && out.size() < limit && (out.isEmpty() || bytes < maxBytes)) {
          byte[] k = it.key();
          int nul = 0;
          while (nul < k.length && k[nul] != 0) {
            nul++;
          }
          if (nul < k.length) { // every stored key has its bucket scope; anything else is not ours
            byte[] v = it.value();
            bytes += k.length + v.length;
            out.add(new RawEntry(new String(k, 0, nul, StandardCharsets.UTF_8), Arrays.copyOfRange(k, nul + 1, k.length), v));
          }
          it.next();
        }
        it.status();
      }
      return out;
    });
  }

  /** The stored position of an entry, to continue a {@link #scanAll} after it. */
  public static byte[] position(RawEntry e) {
    return encode(e.bucket(), e.key());
  }

  /** Adds a listener told of every key written from now on (see {@link WriteListener}). */
  public void addWriteListener(WriteListener listener) {
    writeListeners.add(listener);
  }

  private void written(byte[] storedKey) {
    for (WriteListener l : writeListeners) {
      l.written(storedKey);
    }
  }

  private int stripeIndex(byte[] key) {
    return Math.floorMod(Arrays.hashCode(key), stripes.length);
  }

  private ReentrantLock stripeOf(byte[] key) {
    return stripes[stripeIndex(key)];
  }

  private <T> T striped(byte[] key, Callable<T> work) throws Exception {
    ReentrantLock stripe = stripeOf(key);
    stripe.lock();
    try {
      return work.call();
    } finally {
      stripe.unlock();
    }
  }

  private <T> T striped(List<byte[]> keys, Callable<T> work) throws Exception {
    int[] idx = keys.stream().mapToInt(this::stripeIndex).distinct().sorted().toArray();
    for (int i : idx) {
      stripes[i].lock(); // in index order: two multi-key writes never wait on each other crosswise
    }
    try {
      return work.call();
    } finally {
      for (int i = idx.length - 1; i >= 0; i--) {
        stripes[idx[i]].unlock();
      }
    }
  }

  /**
   * Up to {@code limit} entries of {@code bucket} whose keys start with {@code prefix} (empty = all)
   * and sort strictly after {@code startAfter} (null = from the start), in unsigned byte order.
   */
  public Future<List<Entry>> scan(String bucket, byte[] prefix, byte[] startAfter, int limit) {
    if (limit < 0) {
      return Future.failedFuture(new IllegalArgumentException("negative limit"));
    }
    byte[] scope = scope(bucket);
    byte[] from = encode(bucket, prefix == null ? new byte[0] : prefix);
    byte[] after = startAfter == null ? null : encode(bucket, startAfter);
    return run(() -> {
      List<Entry> out = new ArrayList<>();
      if (limit == 0) {
        return out;
      }
      try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
        boolean skipEqual = after != null && Arrays.compareUnsigned(after, from) >= 0;
        it.seek(skipEqual ? after : from);
        while (it.isValid() && out.size() < limit) {
          byte[] k = it.key();
          if (!startsWith(k, from)) {
            break;
          }
          if (!(skipEqual && Arrays.equals(k, after))) {
            out.add(new Entry(Arrays.copyOfRange(k, scope.length, k.length), it.value()));
          }
          it.next();
        }
        it.status();
      }
      return out;
    });
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    return k.length >= prefix.length && Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length);
  }

  private <T> Future<T> run(Callable<T> work) {
    return worker.executeBlocking(() -> {
      lifecycle.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException("index closed");
        }
        return work.call();
      } finally {
        lifecycle.readLock().unlock();
      }
    }, false);
  }

  private void syncWalBlocking() throws IOException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IOException("index closed");
      }
      db.syncWal();
    } catch (RocksDBException e) {
      throw new IOException("index WAL sync failed: " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Waits for running calls, then closes the database (flushing it) and the worker pool. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      updates.stop(); // applies what is queued; updates submitted later fail
      walSync.close(); // a last sync for anyone still waiting, while the database is open
      lifecycle.writeLock().lock();
      try {
        if (!closed) {
          closed = true;
          unsyncedOptions.close();
          memoryOnly.close();
          db.closeE();
          writeOptions.close();
          purgeOptions.close();
          options.close();
        }
      } finally {
        lifecycle.writeLock().unlock();
      }
      return null;
    }, false).eventually(() -> worker.close());
  }
}
