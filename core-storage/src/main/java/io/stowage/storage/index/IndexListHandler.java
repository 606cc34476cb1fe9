package io.stowage.storage.index;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * INDEX_LIST (223): {@code {"bucket","prefix","startAfter","limit"}} ->
 * {@code {"entries":[{"key","entry"}],"truncated":bool}}. Keys that start with {@code prefix}
 * (null or empty = all) and sort strictly after {@code startAfter} (null = from the start), in
 * UTF-8 byte order, at most {@code limit} (0..1000, default 1000) of them; {@code truncated} says
 * more keys follow (found by scanning one more than the limit). A page also ends early, truncated,
 * before its answer would pass {@link #MAX_ANSWER_BYTES}.
 */
public final class IndexListHandler implements CommandHandler {
  /** Answers stay under this (core-common's IndexClient accepts 64 MiB): large entries shorten the page. */
  static final int MAX_ANSWER_BYTES = 16 << 20;
  private final IndexContext ctx;

  public IndexListHandler(IndexContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return IndexRequests.body(req).compose(j -> {
      String bucket = IndexRequests.bucket(j);
      byte[] prefix = IndexRequests.bound(j, "prefix");
      byte[] startAfter = IndexRequests.bound(j, "startAfter");
      int limit = IndexRequests.limit(j);
      return ctx.scanLive(bucket, prefix, startAfter, limit + 1).map(found -> answer(found, limit));
    }).compose(req::ok);
  }

  static Buffer answer(List<KeyIndex.Entry> found, int limit) {
    return answer(found, limit, MAX_ANSWER_BYTES);
  }

  /**
   * The answer with at most {@code limit} entries and, past the first entry, at most {@code budget}
   * bytes; entries cut for size make the page truncated (S3 lets a page hold fewer than max-keys).
   */
  static Buffer answer(List<KeyIndex.Entry> found, int limit, int budget) {
    int n = Math.min(found.size(), limit);
    boolean truncated = found.size() > limit;
    Buffer out = Buffer.buffer(64 + n * 128).appendString("{\"entries\":[");
    for (int i = 0; i < n; i++) {
      KeyIndex.Entry e = found.get(i);
      // keys were validated as UTF-8 on the way in; stored entries are JSON objects: splice them in
      byte[] key = Json.encode(e.keyUtf8()).getBytes(StandardCharsets.UTF_8);
      int size = key.length + e.value().length + 20;
      if (i > 0 && out.length() + size > budget) {
        truncated = true;
        break;
      }
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendString("{\"key\":").appendBytes(key).appendString(",\"entry\":").appendBytes(e.value()).appendByte((byte) '}');
    }
    return out.appendString("],\"truncated\":" + truncated + "}");
  }
}
