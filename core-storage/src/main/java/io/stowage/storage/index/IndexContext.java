package io.stowage.storage.index;

import io.stowage.common.proto.Commands;
import io.stowage.common.proto.DataTail;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.replication.Hlc;
import io.stowage.storage.server.KeyedSerializer;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the index command handlers share: the key index, the storage context (binlog, worker pool,
 * clock, replicator) and a per-key serializer. A write gets a hybrid-logical-clock timestamp and goes
 * to the local index (under the key's lock), then to the binlog ({@code X} put, {@code Y} delete,
 * so catch-up spreads it even when replication then fails), then to every in-sync peer
 * (REPLICA_INDEX, last writer wins there) before the answer. Deletes leave tombstones (kept,
 * hidden from GET, LIST and COUNT) so a late, older put cannot bring a key back.
 */
public final class IndexContext {
  private final KeyIndex index;
  private final StorageContext storage;
  private final KeyedSerializer keyLocks = new KeyedSerializer();

  private final HotValues<IndexValue> hot;

  public IndexContext(KeyIndex index, StorageContext storage) {
    this.index = index;
    this.storage = storage;
    long cacheBytes = storage.config().indexCacheSize();
    this.hot = new HotValues<>(cacheBytes, (int) Math.min(Integer.MAX_VALUE, cacheBytes / 256));
    index.addWriteListener(hot);
  }

  public KeyIndex index() {
    return index;
  }

  public StorageContext storage() {
    return storage;
  }

  /**
   * The live value (entry JSON and any inline bytes), or null when absent or deleted. Recently read
   * values come from memory ({@link HotValues}, {@code index_cache_size}); they are shared, so
   * callers must not modify the arrays.
   */
  public Future<IndexValue> getLive(String bucket, byte[] key) {
    byte[] stored = KeyIndex.encode(bucket, key);
    HotValues.Key k = HotValues.key(stored);
    IndexValue cached = hot.get(k);
    if (cached != null) {
      return Future.succeededFuture(cached.tombstone() ? null : cached);
    }
    long stamp = hot.stamp(k);
    return index.getStored(stored).map(raw -> {
      IndexValue v = IndexValue.decode(raw);
      if (v != null) {
        hot.offer(k, v, raw.length, stamp);
      }
      return v == null || v.tombstone() ? null : v;
    });
  }

  /**
   * Up to {@code want} live entries (JSON values, tombstones skipped) of keys starting with
   * {@code prefix} after {@code startAfter}.
   */
  public Future<List<KeyIndex.Entry>> scanLive(String bucket, byte[] prefix, byte[] startAfter, int want) {
    return scanLive(bucket, prefix, startAfter, want, new ArrayList<>());
  }

  private Future<List<KeyIndex.Entry>> scanLive(String bucket, byte[] prefix, byte[] after, int want, List<KeyIndex.Entry> out) {
    if (want == 0) {
      return Future.succeededFuture(out);
    }
    int ask = Math.max(want - out.size(), 16);
    return index.scan(bucket, prefix, after, ask).compose(found -> {
      byte[] last = after;
      for (KeyIndex.Entry e : found) {
        last = e.key();
        IndexValue v = IndexValue.decodeWithoutData(e.value());
        if (!v.tombstone()) {
          out.add(new KeyIndex.Entry(e.key(), v.json()));
          if (out.size() == want) {
            return Future.succeededFuture(out);
          }
        }
      }
      return found.size() < ask ? Future.succeededFuture(out) : scanLive(bucket, prefix, last, want, out);
    });
  }

  /** Stores {@code value} under the key on every in-sync member and logs {@code X}. */
  public Future<Void> put(String bucket, byte[] key, byte[] value) {
    return put(bucket, key, value, null).mapEmpty();
  }

  /**
   * Stores the entry JSON {@code value} and, for an inline object, its bytes {@code data} (null =
   * none) under the key on every in-sync member and logs {@code X}. Completes with the JSON of the
   * live entry this write replaced here (null when none), read under the key lock, so two writers of
   * one key each learn exactly what they replaced.
   */
  public Future<byte[]> put(String bucket, byte[] key, byte[] value, byte[] data) {
    storage.replicator().precheck();
    // the key lock covers the local write only: two members writing one key at once each wait for
    // the other's REPLICA_INDEX, which must not need the lock the waiting writer holds
    byte[][] replaced = new byte[1][];
    IndexValue[] written = new IndexValue[1];
    return locked(bucket, key, () -> index.updateUnsynced(bucket, key, raw -> {
      IndexValue old = IndexValue.decodeWithoutData(raw);
      replaced[0] = old == null || old.tombstone() ? null : old.json();
      written[0] = IndexValue.live(storage.clock().now(), storage.config().serverId(), value, data);
      return written[0].encode();
    }, () -> appendLog(BinlogRecord.INDEX_PUT, bucket, key, written[0])))
        .compose(end -> durableEverywhere(end, bucket, key, written[0]))
        .map(x -> replaced[0]);
  }

  /**
   * Replaces a live key with a tombstone on every in-sync member, logging {@code Y}; completes with
   * whether it existed. Deleting an absent or deleted key changes nothing.
   */
  public Future<Boolean> delete(String bucket, byte[] key) {
    storage.replicator().precheck();
    IndexValue[] written = new IndexValue[1];
    return locked(bucket, key, () -> index.updateUnsynced(bucket, key, raw -> {
      IndexValue old = IndexValue.decode(raw);
      if (old == null || old.tombstone()) {
        return null;
      }
      written[0] = IndexValue.tombstone(storage.clock().now(), storage.config().serverId());
      return written[0].encode();
    }, () -> appendLog(BinlogRecord.INDEX_DELETE, bucket, key, written[0])))
        .compose(end -> end == null ? Future.succeededFuture(false)
            : durableEverywhere(end, bucket, key, written[0]).map(true));
  }

  /**
   * Applies an entry or tombstone written elsewhere when it is newer than what is here (last writer
   * wins by clock, then server ID), logging {@code x}/{@code y}. Completes with whether it applied.
   */
  public Future<Boolean> applyReplica(String bucket, byte[] key, IndexValue v) {
    storage.clock().observe(v.hlc());
    char op = Character.toLowerCase(v.tombstone() ? BinlogRecord.INDEX_DELETE : BinlogRecord.INDEX_PUT);
    return locked(bucket, key, () -> index.updateUnsynced(bucket, key,
        raw -> v.newerThan(IndexValue.decode(raw)) ? v.encode() : null,
        () -> appendLog(op, bucket, key, v)))
        .compose(end -> end == null ? Future.succeededFuture(false) : durable(end).map(true));
  }

  /**
   * The REPLICA_INDEX / INDEX_FETCH body of a value: its JSON form (without inline bytes), changed by
   * {@code fields}, and the inline bytes as a {@link DataTail}.
   */
  public static Buffer replicaBody(String bucket, byte[] key, IndexValue v, UnaryOperator<JsonObject> fields) {
    JsonObject j = fields.apply(replicaFields(bucket, key, v));
    return v.tombstone() || v.data() == null ? j.toBuffer() : DataTail.encode(j, v.data());
  }

  /** The REPLICA_INDEX / INDEX_FETCH form of a value as one JSON object (inline bytes as base64 {@code "data"}). */
  public static JsonObject replica(String bucket, byte[] key, IndexValue v) {
    JsonObject j = replicaFields(bucket, key, v);
    if (!v.tombstone() && v.data() != null) {
      j.put("data", v.data());
    }
    return j;
  }

  private static JsonObject replicaFields(String bucket, byte[] key, IndexValue v) {
    JsonObject j = new JsonObject().put("bucket", bucket).put("key", new String(key, StandardCharsets.UTF_8))
        .put("hlc", v.hlc()).put("node", v.node()).put("deleted", v.tombstone());
    if (!v.tombstone()) {
      j.put("entry", new JsonObject(new String(v.json(), StandardCharsets.UTF_8)));
    }
    return j;
  }

  /** Parses the REPLICA_INDEX / INDEX_FETCH form ({@link DataTail#decode} puts a tail's bytes in {@code data}). */
  public static IndexValue fromReplica(JsonObject j) {
    long hlc = j.getLong("hlc");
    int node = j.getInteger("node");
    if (j.getBoolean("deleted", false)) {
      return IndexValue.tombstone(hlc, node);
    }
    return IndexValue.live(hlc, node, j.getJsonObject("entry").toBuffer().getBytes(),
        j.containsKey("data") ? j.getBinary("data") : null);
  }

  /** Makes every index write completed before this call durable (a group-committed WAL fsync). */
  public Future<Void> syncWal() {
    return storage.onContext(index.syncWal());
  }

  /**
   * Whether this server holds {@code version} of the key or a newer one (entry or tombstone). Reads
   * the index only; used by catch-up to skip fetching a change it already has.
   */
  public Future<Boolean> holds(String bucket, byte[] key, BinlogRecord.IndexVersion version) {
    return index.get(bucket, key).map(raw -> {
      IndexValue here = IndexValue.decodeWithoutData(raw);
      return here != null && !Hlc.after(version.hlc(), version.node(), here.hlc(), here.node());
    });
  }

  /** Appends the binlog line of an index write (on the index worker that made it); returns its end offset. */
  private Long appendLog(char op, String bucket, byte[] key, IndexValue written) throws java.io.IOException {
    return storage.appendLogBlocking(op, BinlogRecord.indexBucketField(bucket),
        BinlogRecord.indexKeyField(key, new BinlogRecord.IndexVersion(written.hlc(), written.node())));
  }

  /**
   * Completes once a write made here (binlog line ending at {@code end}) is durable here and applied
   * on every in-sync peer. The peers are sent the write while the local fsyncs run, so the answer
   * waits for one round of fsyncs instead of the local round and then the peers'; the answer waits
   * for both either way.
   */
  private Future<Void> durableEverywhere(long end, String bucket, byte[] key, IndexValue written) {
    return Future.all(durable(end), storage.replicator().replicate(Commands.REPLICA_INDEX,
        () -> replicaBody(bucket, key, written, UnaryOperator.identity())))
        .mapEmpty();
  }

  /**
   * Completes once an unsynced index write and its binlog line (ending at {@code end}) are durable:
   * the binlog fsync and the index's WAL fsync run at the same time, each shared with the
   * concurrent writes (group commit), and are waited for off the worker pools.
   */
  private Future<Void> durable(long end) {
    return Future.all(storage.syncLog(end), storage.onContext(index.syncWal())).mapEmpty();
  }

  private <T> Future<T> locked(String bucket, byte[] key, Supplier<Future<T>> work) {
    // bucket names have no NUL, and ISO-8859-1 maps every byte to one char: a unique lock name
    return keyLocks.run(bucket + '\0' + new String(key, StandardCharsets.ISO_8859_1), work);
  }
}
