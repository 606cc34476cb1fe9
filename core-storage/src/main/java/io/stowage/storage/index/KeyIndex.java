package io.stowage.storage.index;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ordered, persistent object-key index of the buckets homed on this server's group (RocksDB).
 * Keys are raw bytes scoped by bucket: stored as {@code UTF-8(bucket) 0x00 key}, so one bucket's keys
 * are contiguous and ordered by unsigned byte order, which for UTF-8 keys is code point order (what
 * S3 listings use). Every method runs on a small worker pool and returns a Future; writes are
 * synced to disk before they complete.
 */
public final class KeyIndex {
  private static final int MAX_BUCKET_BYTES = 255;

  /** One key/value pair of a bucket (the key without the bucket scope). */
  public record Entry(byte[] key, byte[] value) {
    public String keyUtf8() {
      return new String(key, StandardCharsets.UTF_8);
    }
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
  private final Options options;
  private final WriteOptions writeOptions;
  private final WorkerExecutor worker;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private KeyIndex(RocksDB db, Options options, WorkerExecutor worker) {
    this.db = db;
    this.options = options;
    this.writeOptions = new WriteOptions().setSync(true);
    this.worker = worker;
  }

  /** Opens (creating) the index in {@code dir}. */
  public static Future<KeyIndex> open(Vertx vertx, Path dir) {
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("stowage-index-" + dir.toAbsolutePath(), 4);
    return worker.<KeyIndex>executeBlocking(() -> {
      Files.createDirectories(dir);
      Options o = new Options().setCreateIfMissing(true);
      try {
        return new KeyIndex(RocksDB.open(o, dir.toString()), o, worker);
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
    return run(() -> {
      db.put(writeOptions, k, value);
      return null;
    });
  }

  /** The value, or null when the key is absent. */
  public Future<byte[]> get(String bucket, byte[] key) {
    byte[] k = encode(bucket, key);
    return run(() -> db.get(k));
  }

  public Future<Void> delete(String bucket, byte[] key) {
    byte[] k = encode(bucket, key);
    return run(() -> {
      db.delete(writeOptions, k);
      return null;
    });
  }

  /** Applies all mutations of one bucket atomically. */
  public Future<Void> write(String bucket, List<Mutation> mutations) {
    List<byte[]> keys = new ArrayList<>();
    for (Mutation m : mutations) {
      keys.add(encode(bucket, m.key()));
    }
    return run(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < mutations.size(); i++) {
          byte[] v = mutations.get(i).value();
          if (v == null) {
            batch.delete(keys.get(i));
          } else {
            batch.put(keys.get(i), v);
          }
        }
        db.write(writeOptions, batch);
      }
      return null;
    });
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

  /** Waits for running calls, then closes the database (flushing it) and the worker pool. */
  public Future<Void> close() {
    return worker.<Void>executeBlocking(() -> {
      lifecycle.writeLock().lock();
      try {
        if (!closed) {
          closed = true;
          db.closeE();
          writeOptions.close();
          options.close();
        }
      } finally {
        lifecycle.writeLock().unlock();
      }
      return null;
    }, false).eventually(() -> worker.close());
  }
}
