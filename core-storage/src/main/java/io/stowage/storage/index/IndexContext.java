package io.stowage.storage.index;

import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.server.KeyedSerializer;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What the index command handlers share: the key index, the storage context (binlog, worker pool)
 * and a per-key serializer. Every change goes to the index first and then to the binlog ({@code X}
 * put, {@code Y} delete), one key at a time, so the binlog order of one key's changes is the order
 * in which they reached the index and a replayer that reads current values converges.
 */
public final class IndexContext {
  private final KeyIndex index;
  private final StorageContext storage;
  private final KeyedSerializer keyLocks = new KeyedSerializer();

  public IndexContext(KeyIndex index, StorageContext storage) {
    this.index = index;
    this.storage = storage;
  }

  public KeyIndex index() {
    return index;
  }

  /** Stores {@code value} under the key and logs {@code X}. */
  public Future<Void> put(String bucket, byte[] key, byte[] value) {
    return locked(bucket, key, () -> index.put(bucket, key, value).compose(v -> log(BinlogRecord.INDEX_PUT, bucket, key)));
  }

  /** Removes the key, logging {@code Y} when it existed; completes with whether it existed. */
  public Future<Boolean> delete(String bucket, byte[] key) {
    return locked(bucket, key, () -> index.get(bucket, key).compose(old -> {
      if (old == null) {
        return Future.succeededFuture(false);
      }
      return index.delete(bucket, key).compose(v -> log(BinlogRecord.INDEX_DELETE, bucket, key)).map(true);
    }));
  }

  private Future<Void> log(char op, String bucket, byte[] key) {
    return storage.blocking(() -> {
      storage.logBlocking(op, BinlogRecord.indexBucketField(bucket), BinlogRecord.indexKeyField(key));
      return null;
    });
  }

  private <T> Future<T> locked(String bucket, byte[] key, Supplier<Future<T>> work) {
    // bucket names have no NUL, and ISO-8859-1 maps every byte to one char: a unique lock name
    return keyLocks.run(bucket + '\0' + new String(key, StandardCharsets.ISO_8859_1), work);
  }
}
