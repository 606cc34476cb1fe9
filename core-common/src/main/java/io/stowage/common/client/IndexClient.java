package io.stowage.common.client;

import io.netty.buffer.Unpooled;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.DataTail;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the key index of a bucket's home group on one of its storage servers. Reads (GET, LIST,
 * COUNT) must be answered within the pool's read timeout; with a {@link Failover}, a read whose
 * server cannot be reached or does not answer is tried again on the server the failover names.
 */
public final class IndexClient {
  private static final int MAX_ANSWER = 64 << 20;
  /** The field of an entry from {@link #get} that holds its inline object bytes (never stored in the entry). */
  public static final String INLINE_DATA = "inlineData";
  private final FdfsClientPool pool;
  private final Failover failover;
  /** The storage server in this JVM (null when none): its index is called without a socket. */
  private final LocalStorage local;

  /** Where to send a read again after its server failed at the connection level. */
  @FunctionalInterface
  public interface Failover {
    /** Another server holding the same index as {@code failed}, or a failed future when there is none. */
    Future<HostPort> alternative(HostPort failed, Throwable cause);
  }

  /** @param pool a pool carrying the cluster secret */
  public IndexClient(FdfsClientPool pool) {
    this(pool, null, null);
  }

  /** Calls addressed to {@code local}'s server (may be null) go to it in-process. */
  public IndexClient(FdfsClientPool pool, LocalStorage local) {
    this(pool, null, local);
  }

  private IndexClient(FdfsClientPool pool, Failover failover, LocalStorage local) {
    this.pool = pool;
    this.failover = failover;
    this.local = local;
  }

  /** This client on the same pool, retrying a failed read once through {@code failover}. */
  public IndexClient withFailover(Failover failover) {
    return new IndexClient(pool, failover, local);
  }

  /**
   * Whether a failure says the server is unreachable or hung (so another member may answer), as
   * opposed to an answer: a status answer is final.
   */
  public static boolean isConnectionFailure(Throwable e) {
    return !(e instanceof ProtoException p) || p.code() == ErrorCode.ECONNREFUSED || p.code() == ErrorCode.EIO
        || p.code() == ErrorCode.ETIMEDOUT;
  }

  public Future<Void> put(HostPort server, String bucket, String key, JsonObject entry) {
    return call(server, Commands.INDEX_PUT, new JsonObject().put("bucket", bucket).put("key", key).put("entry", entry)).mapEmpty();
  }

  /**
   * Stores an entry and, for a small object kept inline in the index, its bytes ({@code data}, null =
   * none). Completes with the live entry the write replaced (null when there was none).
   */
  public Future<JsonObject> putReplacing(HostPort server, String bucket, String key, JsonObject entry, byte[] data) {
    JsonObject req = new JsonObject().put("bucket", bucket).put("key", key).put("entry", entry);
    return call(server, Commands.INDEX_PUT, req, data).map(j -> j.getJsonObject("replaced"));
  }

  /**
   * Fails ENOENT when the key is absent. The bytes of an object stored inline come back in the
   * returned entry as its {@value #INLINE_DATA} field (read it with {@code getBinary}: bytes, or
   * base64 text from a server that answers without a {@link DataTail}).
   */
  public Future<JsonObject> get(HostPort server, String bucket, String key) {
    JsonObject req = new JsonObject().put("bucket", bucket).put("key", key).put(DataTail.ACCEPT, true);
    return read(server, Commands.INDEX_GET, req).map(j -> {
      JsonObject entry = j.getJsonObject("entry");
      // getBinary, not getValue: getValue would base64-encode the bytes of an in-process answer
      byte[] data = j.getBinary(DataTail.FIELD);
      if (data != null && entry != null) {
        entry.put(INLINE_DATA, data);
      }
      return entry;
    });
  }

  /** Completes with whether the key existed. */
  public Future<Boolean> delete(HostPort server, String bucket, String key) {
    return call(server, Commands.INDEX_DELETE, new JsonObject().put("bucket", bucket).put("key", key))
        .map(j -> j.getBoolean("existed", false));
  }

  public Future<IndexPage> list(HostPort server, String bucket, String prefix, String startAfter, int limit) {
    JsonObject req = new JsonObject().put("bucket", bucket).put("prefix", prefix).put("startAfter", startAfter).put("limit", limit);
    return read(server, Commands.INDEX_LIST, req).map(j -> {
      JsonArray a = j.getJsonArray("entries", new JsonArray());
      List<IndexEntry> out = new ArrayList<>(a.size());
      for (int i = 0; i < a.size(); i++) {
        JsonObject e = a.getJsonObject(i);
        out.add(new IndexEntry(e.getString("key"), e.getJsonObject("entry")));
      }
      return new IndexPage(out, j.getBoolean("truncated", false));
    });
  }

  public Future<Boolean> isEmpty(HostPort server, String bucket) {
    return read(server, Commands.INDEX_COUNT, new JsonObject().put("bucket", bucket)).map(j -> j.getBoolean("empty", true));
  }

  /** A read: bounded by the read timeout, and tried once more elsewhere when the server failed. */
  private Future<JsonObject> read(HostPort server, byte cmd, JsonObject req) {
    Future<JsonObject> first = readOnce(server, cmd, req);
    if (failover == null) {
      return first;
    }
    return first.recover(e -> isConnectionFailure(e)
        ? failover.alternative(server, e).transform(alt -> alt.succeeded() ? readOnce(alt.result(), cmd, req) : Future.failedFuture(e))
        : Future.failedFuture(e));
  }

  private Future<JsonObject> readOnce(HostPort server, byte cmd, JsonObject req) {
    if (isLocal(server)) {
      return local.index(cmd, req);
    }
    Buffer body = req.toBuffer();
    return pool.with(server, c -> c.within(c.call(cmd, body, MAX_ANSWER), pool.readTimeoutMs()))
        .map(r -> DataTail.decode(r.body()));
  }

  private Future<JsonObject> call(HostPort server, byte cmd, JsonObject req) {
    return call(server, cmd, req, null);
  }

  /** A write; {@code tail} (null = none) goes raw after the JSON, or as its {@code data} field in-process. */
  private Future<JsonObject> call(HostPort server, byte cmd, JsonObject req, byte[] tail) {
    if (isLocal(server)) {
      return local.index(cmd, tail == null ? req : req.put(DataTail.FIELD, tail));
    }
    Buffer head = tail == null ? req.toBuffer() : DataTail.head(req);
    Buffer data = tail == null ? null : BufferInternal.buffer(Unpooled.wrappedBuffer(tail)); // no copy of the bytes
    return pool.with(server, c -> c.call(cmd, head, data, MAX_ANSWER)).map(r -> DataTail.decode(r.body()));
  }

  private boolean isLocal(HostPort server) {
    return local != null && server.equals(local.server());
  }
}
