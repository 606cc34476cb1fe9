package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Calls the key index of a bucket's home group on one of its storage servers. */
public final class IndexClient {
  private static final int MAX_ANSWER = 64 << 20;
  private final FdfsClientPool pool;

  /** @param pool a pool carrying the cluster secret */
  public IndexClient(FdfsClientPool pool) {
    this.pool = pool;
  }

  public Future<Void> put(HostPort server, String bucket, String key, JsonObject entry) {
    return call(server, Commands.INDEX_PUT, new JsonObject().put("bucket", bucket).put("key", key).put("entry", entry)).mapEmpty();
  }

  /** Fails ENOENT when the key is absent. */
  public Future<JsonObject> get(HostPort server, String bucket, String key) {
    return call(server, Commands.INDEX_GET, new JsonObject().put("bucket", bucket).put("key", key))
        .map(j -> j.getJsonObject("entry"));
  }

  /** Completes with whether the key existed. */
  public Future<Boolean> delete(HostPort server, String bucket, String key) {
    return call(server, Commands.INDEX_DELETE, new JsonObject().put("bucket", bucket).put("key", key))
        .map(j -> j.getBoolean("existed", false));
  }

  public Future<IndexPage> list(HostPort server, String bucket, String prefix, String startAfter, int limit) {
    JsonObject req = new JsonObject().put("bucket", bucket).put("prefix", prefix).put("startAfter", startAfter).put("limit", limit);
    return call(server, Commands.INDEX_LIST, req).map(j -> {
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
    return call(server, Commands.INDEX_COUNT, new JsonObject().put("bucket", bucket)).map(j -> j.getBoolean("empty", true));
  }

  private Future<JsonObject> call(HostPort server, byte cmd, JsonObject req) {
    Buffer body = req.toBuffer();
    return pool.with(server, c -> c.call(cmd, body, MAX_ANSWER))
        .map(r -> r.body().length() == 0 ? new JsonObject() : new JsonObject(r.body()));
  }
}
