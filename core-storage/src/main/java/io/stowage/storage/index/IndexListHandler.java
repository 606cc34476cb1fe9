package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * INDEX_LIST (223): {@code {"bucket","prefix","startAfter","limit"}} ->
 * {@code {"entries":[{"key","entry"}],"truncated":bool}}. Keys that start with {@code prefix}
 * (null or empty = all) and sort strictly after {@code startAfter} (null = from the start), in
 * UTF-8 byte order, at most {@code limit} (0..1000, default 1000) of them; {@code truncated} says
 * more keys follow (found by scanning one more than the limit). A page also ends early, truncated,
 * before its answer would pass {@link #MAX_ANSWER_BYTES}.
 */
public final class IndexListHandler implements CommandHandler, IndexCommand {
  /** Answers stay under this (core-common's IndexClient accepts 64 MiB): large entries shorten the page. */
  static final int MAX_ANSWER_BYTES = 16 << 20;
  private final IndexContext ctx;

  public IndexListHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> scan(j).map(found -> answer(found, IndexRequests.limit(j))))
        .compose(req::ok);
  }

  @Override
  public Future<JsonObject> apply(JsonObject request) {
    return scan(request).map(found -> {
      Page page = page(found, IndexRequests.limit(request), MAX_ANSWER_BYTES);
      JsonArray entries = new JsonArray(new ArrayList<>(page.entries().size()));
      for (KeyIndex.Entry e : page.entries()) {
        entries.add(new JsonObject().put("key", e.keyUtf8()).put("entry", new JsonObject(Buffer.buffer(e.value()))));
      }
      return new JsonObject().put("entries", entries).put("truncated", page.truncated());
    });
  }

  /** One more live entry than the limit, so the answer knows whether more follow. */
  private Future<List<KeyIndex.Entry>> scan(JsonObject j) {
    String bucket = IndexRequests.bucket(j);
    byte[] prefix = IndexRequests.bound(j, "prefix");
    byte[] startAfter = IndexRequests.bound(j, "startAfter");
    int limit = IndexRequests.limit(j);
    return ctx.scanLive(bucket, prefix, startAfter, limit + 1);
  }

  static Buffer answer(List<KeyIndex.Entry> found, int limit) {
    return answer(found, limit, MAX_ANSWER_BYTES);
  }

  /** The entries of one page, their keys as JSON strings, and whether more keys follow. */
  record Page(List<KeyIndex.Entry> entries, List<byte[]> keysJson, boolean truncated) {}

  /**
   * At most {@code limit} entries and, past the first entry, at most {@code budget} bytes of answer;
   * entries cut for size make the page truncated (S3 lets a page hold fewer than max-keys).
   */
  static Page page(List<KeyIndex.Entry> found, int limit, int budget) {
    int n = Math.min(found.size(), limit);
    boolean truncated = found.size() > limit;
    List<KeyIndex.Entry> entries = new ArrayList<>(n);
    List<byte[]> keys = new ArrayList<>(n);
    long written = "{\"entries\":[".length();
    for (int i = 0; i < n; i++) {
      KeyIndex.Entry e = found.get(i);
      // keys were validated as UTF-8 on the way in
      byte[] key = Json.encode(e.keyUtf8()).getBytes(StandardCharsets.UTF_8);
      if (i > 0 && written + key.length + e.value().length + 20 > budget) {
        truncated = true;
        break;
      }
      written += (i > 0 ? 1 : 0) + "{\"key\":,\"entry\":}".length() + key.length + e.value().length;
      entries.add(e);
      keys.add(key);
    }
    return new Page(entries, keys, truncated);
  }

  /** The wire answer of {@link #page}: stored entries are JSON objects, spliced in as they are. */
  static Buffer answer(List<KeyIndex.Entry> found, int limit, int budget) {
    Page page = page(found, limit, budget);
    Buffer out = Buffer.buffer(64 + page.entries().size() * 128).appendString("{\"entries\":[");
    for (int i = 0; i < page.entries().size(); i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendString("{\"key\":").appendBytes(page.keysJson().get(i)).appendString(",\"entry\":")
          .appendBytes(page.entries().get(i).value()).appendByte((byte) '}');
    }
    return out.appendString("],\"truncated\":" + page.truncated() + "}");
  }
}
