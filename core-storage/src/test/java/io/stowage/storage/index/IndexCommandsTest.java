package io.stowage.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.IndexEntry;
import io.stowage.common.client.IndexPage;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.storage.binlog.BinlogEntry;
import io.stowage.storage.binlog.BinlogRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INDEX_PUT/GET/DELETE/LIST/COUNT against one real storage node on port 0 (no reachable tracker),
 * driven through core-common's {@link IndexClient} over a pool that carries the cluster secret.
 */
class IndexCommandsTest {
  static final String SECRET = "index-secret";
  /** 341 three-byte euro signs and one ASCII letter: exactly 1024 UTF-8 bytes. */
  static final String KEY_1024 = "€".repeat(341) + "x";

  @TempDir
  static Path dir;
  static Vertx vertx;
  static StorageNode node;
  static Context context;
  static FdfsClientPool pool;
  static IndexClient client;
  static HostPort server;
  /** Whether {@link #client} calls the node in-process (set by the subclass that does). */
  static boolean inProcess;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    StorageConfig cfg = StorageConfig.embedded(dir, 7, SECRET, 0, List.of(new HostPort("127.0.0.1", deadPort)));
    node = StorageNode.start(vertx, cfg).await(30, TimeUnit.SECONDS);
    server = new HostPort("127.0.0.1", node.port());
    context = vertx.getOrCreateContext();
    pool = new FdfsClientPool(vertx, SECRET, 8);
    client = new IndexClient(pool);
    inProcess = false;
  }

  @AfterAll
  static void stop() throws Exception {
    on(() -> pool.close());
    node.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** Runs client work on one event-loop context (pools are not thread-safe) and waits for it. */
  static <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future().await(60, TimeUnit.SECONDS);
  }

  /** The status a call failed with (OK when it succeeded). */
  static ErrorCode status(Supplier<Future<?>> work) throws Exception {
    return on(() -> work.get().transform(ar -> Future.succeededFuture(
        ar.succeeded() ? ErrorCode.OK : ProtoException.codeOf(ar.cause()))));
  }

  static JsonObject entry(String key, int n) {
    return new JsonObject().put("fileId", "group1/M00/00/00/f" + n).put("size", n).put("key", key)
        .put("meta", new JsonObject().put("x-amz-meta-ü", "€ \"quoted\"\n")).put("parts", new JsonArray().add(1).add(2));
  }

  static List<String> keys(IndexPage page) {
    return page.entries().stream().map(IndexEntry::key).toList();
  }

  @Test
  void putGetDeleteAndListInUtf8ByteOrder() throws Exception {
    String bucket = "order-bucket";
    List<String> inserted = List.of("ü/€", "a b", "a//b", KEY_1024, "a", "/a", "a/b", "a+b", "a/");
    assertEquals(1024, KEY_1024.getBytes(UTF_8).length);
    for (int i = 0; i < inserted.size(); i++) {
      String k = inserted.get(i);
      int n = i;
      on(() -> client.put(server, bucket, k, entry(k, n)));
    }
    for (int i = 0; i < inserted.size(); i++) {
      String k = inserted.get(i);
      assertEquals(entry(k, i), on(() -> client.get(server, bucket, k)), k);
    }
    IndexPage page = on(() -> client.list(server, bucket, null, null, 1000));
    assertEquals(List.of("/a", "a", "a b", "a+b", "a/", "a//b", "a/b", "ü/€", KEY_1024), keys(page));
    assertFalse(page.truncated());
    assertEquals(entry("a+b", 7), page.entries().get(3).entry());

    on(() -> client.put(server, bucket, "a", new JsonObject().put("v", 2)));
    assertEquals(new JsonObject().put("v", 2), on(() -> client.get(server, bucket, "a")), "put replaces");

    assertTrue(on(() -> client.delete(server, bucket, "a/")));
    assertFalse(on(() -> client.delete(server, bucket, "a/")), "second delete finds nothing");
    assertEquals(ErrorCode.ENOENT, status(() -> client.get(server, bucket, "a/")));
    assertEquals(ErrorCode.ENOENT, status(() -> client.get(server, "other-bucket", "a")), "buckets are separate");
    assertEquals(List.of("/a", "a", "a b", "a+b", "a//b", "a/b", "ü/€", KEY_1024),
        keys(on(() -> client.list(server, bucket, "", null, 1000))));
  }

  /**
   * Reads of a key from another event loop, without pause, while it is overwritten 300 times: a
   * read overlapping a write must never leave the older value behind for the reads after the write
   * (the node keeps recently read values in memory).
   */
  @Test
  void aKeyReadWhileItIsWrittenIsNeverReadOlderAfterTheWrite() throws Exception {
    String bucket = "hot-bucket";
    on(() -> client.put(server, bucket, "k", entry("k", 0)));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    Promise<Void> readerDone = Promise.promise();
    Context readerContext = vertx.getOrCreateContext();
    readerContext.runOnContext(v -> {
      FdfsClientPool readerPool = new FdfsClientPool(vertx, SECRET, 2);
      IndexClient reader = inProcess ? new IndexClient(readerPool, node.local()) : new IndexClient(readerPool);
      Promise<Void> loop = Promise.promise();
      readUntil(readerContext, reader, bucket, stop, reads, loop);
      loop.future().onComplete(ar -> readerPool.close().onComplete(x -> readerDone.handle(ar)));
    });
    for (int i = 1; i <= 300; i++) {
      int n = i;
      assertEquals(entry("k", n), on(() -> client.put(server, bucket, "k", entry("k", n))
          .compose(v -> client.get(server, bucket, "k"))), "read right after put " + n);
    }
    stop.set(true);
    readerDone.future().await(30, TimeUnit.SECONDS);
    assertTrue(reads.get() > 300, "the reader kept reading: " + reads.get());
  }

  /** Reads the key again and again until {@code stop}, each read from a fresh stack (hot reads complete at once). */
  private static void readUntil(Context on, IndexClient reader, String bucket, AtomicBoolean stop, AtomicInteger reads,
                                Promise<Void> done) {
    if (stop.get()) {
      done.complete();
      return;
    }
    reader.get(server, bucket, "k").onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      reads.incrementAndGet();
      on.runOnContext(v -> readUntil(on, reader, bucket, stop, reads, done));
    });
  }

  @Test
  void changesAreLoggedInTheBinlog() throws Exception {
    String bucket = "logged-bucket";
    String key = "dir/with space\nand newline ü";
    long from = node.binlog().size();
    on(() -> client.put(server, bucket, key, new JsonObject()));
    on(() -> client.delete(server, bucket, key));
    on(() -> client.delete(server, bucket, key));
    List<BinlogEntry> records = vertx.executeBlocking(() -> node.binlog().read(from, 100)).await(30, TimeUnit.SECONDS);
    List<BinlogRecord> mine = records.stream().map(BinlogEntry::record)
        .filter(r -> r.indexOp() && r.indexBucket().equals(bucket)).toList();
    assertEquals(2, mine.size(), "a put and one delete (the second removed nothing)");
    assertEquals(BinlogRecord.INDEX_PUT, mine.get(0).op());
    assertEquals(BinlogRecord.INDEX_DELETE, mine.get(1).op());
    assertEquals(key, new String(mine.get(1).indexKey(), UTF_8));
  }

  @Test
  void prefixAndStartAfterPageWithTruncatedFlag() throws Exception {
    String bucket = "page-bucket";
    for (String k : List.of("p", "p/1", "p/2", "p/3", "p/4", "p/5", "q/1", "o")) {
      on(() -> client.put(server, bucket, k, new JsonObject().put("k", k)));
    }
    IndexPage p1 = on(() -> client.list(server, bucket, "p/", null, 2));
    assertEquals(List.of("p/1", "p/2"), keys(p1));
    assertTrue(p1.truncated());
    IndexPage p2 = on(() -> client.list(server, bucket, "p/", "p/2", 2));
    assertEquals(List.of("p/3", "p/4"), keys(p2));
    assertTrue(p2.truncated());
    IndexPage p3 = on(() -> client.list(server, bucket, "p/", "p/4", 2));
    assertEquals(List.of("p/5"), keys(p3));
    assertFalse(p3.truncated());
    IndexPage exact = on(() -> client.list(server, bucket, "p/", "p/3", 2));
    assertEquals(List.of("p/4", "p/5"), keys(exact));
    assertFalse(exact.truncated(), "a page that ends exactly at the last key is not truncated");
    assertEquals(List.of("p/3", "p/4", "p/5"), keys(on(() -> client.list(server, bucket, "p/", "p/25", 10))),
        "startAfter need not be a key");
    assertEquals(List.of("p/1"), keys(on(() -> client.list(server, bucket, "p/", "a", 1))), "startAfter before the prefix");
    assertEquals(List.of("p", "p/1"), keys(on(() -> client.list(server, bucket, "p", null, 2))));
    assertEquals(List.of("q/1"), keys(on(() -> client.list(server, bucket, null, "p/5", 10))));
    IndexPage none = on(() -> client.list(server, bucket, "p/", null, 0));
    assertEquals(List.of(), keys(none));
    assertTrue(none.truncated(), "limit 0 returns nothing and says more keys exist");
    assertFalse(on(() -> client.list(server, bucket, "zzz", null, 10)).truncated());
  }

  @Test
  void listsMoreThan2000KeysInPagesOf1000() throws Exception {
    String bucket = "big-bucket";
    int total = 2345;
    List<String> all = new ArrayList<>();
    List<KeyIndex.Mutation> batch = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      String k = String.format("obj/%05d", i);
      all.add(k);
      batch.add(KeyIndex.Mutation.put(k.getBytes(UTF_8), new JsonObject().put("i", i).toBuffer().getBytes()));
    }
    node.index().write(bucket, batch).await(60, TimeUnit.SECONDS);
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    boolean truncated = true;
    while (truncated) {
      String a = after;
      IndexPage page = on(() -> client.list(server, bucket, "obj/", a, 1000));
      pages++;
      assertTrue(page.entries().size() <= 1000);
      seen.addAll(keys(page));
      truncated = page.truncated();
      after = seen.get(seen.size() - 1);
      if (truncated) {
        assertEquals(1000, page.entries().size());
      }
    }
    assertEquals(3, pages);
    assertEquals(all, seen);
    assertEquals(new JsonObject().put("i", 1234), on(() -> client.get(server, bucket, "obj/01234")));
  }

  @Test
  void largeEntriesEndAPageEarlyAsTruncated() {
    byte[] big = new JsonObject().put("pad", "x".repeat(100)).toBuffer().getBytes();
    List<KeyIndex.Entry> found = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      found.add(new KeyIndex.Entry(("k" + i).getBytes(UTF_8), big));
    }
    JsonObject cut = new JsonObject(IndexListHandler.answer(found, 10, 350));
    assertEquals(2, cut.getJsonArray("entries").size());
    assertTrue(cut.getBoolean("truncated"));
    JsonObject one = new JsonObject(IndexListHandler.answer(found, 10, 1));
    assertEquals(1, one.getJsonArray("entries").size(), "a page always holds at least one entry");
    JsonObject all = new JsonObject(IndexListHandler.answer(found, 5, 1 << 20));
    assertEquals(5, all.getJsonArray("entries").size());
    assertFalse(all.getBoolean("truncated"));
    assertEquals("k4", all.getJsonArray("entries").getJsonObject(4).getString("key"));
  }

  @Test
  void inlineBytesComeBackFromGetButNotFromList() throws Exception {
    String bucket = "inline-bucket";
    byte[] data = new byte[16 * 1024];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    JsonObject e = new JsonObject().put("size", data.length).put("inline", true);
    assertNull(on(() -> client.putReplacing(server, bucket, "small", e, data)));
    JsonObject got = on(() -> client.get(server, bucket, "small"));
    assertArrayEquals(data, got.getBinary(IndexClient.INLINE_DATA));
    assertEquals(data.length, got.getInteger("size"));
    IndexPage page = on(() -> client.list(server, bucket, null, null, 1000));
    assertEquals(List.of("small"), keys(page));
    assertEquals(e, page.entries().get(0).entry());
    assertFalse(page.entries().get(0).entry().containsKey(IndexClient.INLINE_DATA));
    // overwriting answers what was replaced; a file entry then has no inline bytes
    JsonObject file = entry("small", 3);
    assertEquals(e, on(() -> client.putReplacing(server, bucket, "small", file, null)));
    assertFalse(on(() -> client.get(server, bucket, "small")).containsKey(IndexClient.INLINE_DATA));
    assertEquals(file, on(() -> client.putReplacing(server, bucket, "small", e, data)));
  }

  @Test
  void inlineBytesTravelRawAfterTheJsonAndTheBase64FormStillWorks() throws Exception {
    String bucket = "tail-bucket";
    byte[] data = {'{', 0, (byte) 0xff, '}', '"'};
    // the older form: bytes as base64 inside the JSON (toBuffer encodes a byte[] field so)
    JsonObject put = new JsonObject().put("bucket", bucket).put("key", "k").put("entry", new JsonObject().put("size", 5))
        .put("data", data);
    on(() -> pool.with(server, c -> c.call(Commands.INDEX_PUT, put.toBuffer(), 1 << 20)));
    JsonObject get = new JsonObject().put("bucket", bucket).put("key", "k");
    Buffer plain = on(() -> pool.with(server, c -> c.call(Commands.INDEX_GET, get.toBuffer(), 1 << 20))).body();
    assertEquals('{', plain.getByte(0), "a caller that did not ask for a tail gets plain JSON");
    assertArrayEquals(data, new JsonObject(plain).getBinary("data"));
    // asked for: the JSON's length, the JSON, then exactly the bytes
    Buffer tailed = on(() -> pool.with(server, c -> c.call(Commands.INDEX_GET, get.copy().put("tail", true).toBuffer(), 1 << 20))).body();
    int jsonLength = tailed.getInt(0);
    assertEquals(new JsonObject().put("entry", new JsonObject().put("size", 5)), new JsonObject(tailed.slice(4, 4 + jsonLength)));
    assertArrayEquals(data, tailed.getBytes(4 + jsonLength, tailed.length()));
    // a PUT sent with a tail (what IndexClient sends) stores the same bytes
    byte[] other = {1, 2, 3};
    on(() -> client.putReplacing(server, bucket, "k2", new JsonObject(), other));
    JsonObject back = on(() -> pool.with(server, c -> c.call(Commands.INDEX_GET,
        get.copy().put("key", "k2").toBuffer(), 1 << 20))).body().toJsonObject();
    assertArrayEquals(other, back.getBinary("data"));
  }

  @Test
  void binlogLinesTravelRawAfterTheJsonWhenAskedFor() throws Exception {
    on(() -> client.put(server, "binlog-tail", "k", new JsonObject()));
    JsonObject read = new JsonObject().put("offset", 0).put("maxBytes", 1 << 20);
    Buffer plain = on(() -> pool.with(server, c -> c.call(Commands.BINLOG_READ, read.toBuffer(), 4 << 20))).body();
    byte[] lines = java.util.Base64.getDecoder().decode(new JsonObject(plain).getString("data"));
    assertTrue(lines.length > 0 && lines[lines.length - 1] == '\n', "complete lines, as standard base64");
    Buffer tailed = on(() -> pool.with(server, c -> c.call(Commands.BINLOG_READ,
        read.copy().put("tail", true).toBuffer(), 4 << 20))).body();
    int jsonLength = tailed.getInt(0);
    JsonObject head = new JsonObject(tailed.slice(4, 4 + jsonLength));
    assertEquals(0L, head.getLong("offset"));
    assertFalse(head.containsKey("data"));
    assertArrayEquals(lines, tailed.getBytes(4 + jsonLength, tailed.length()), "the same lines, raw");
  }

  @Test
  void countTellsWhetherAnyKeyIsLeft() throws Exception {
    String bucket = "count-bucket";
    assertTrue(on(() -> client.isEmpty(server, bucket)));
    on(() -> client.put(server, bucket, "only", new JsonObject()));
    on(() -> client.put(server, "count-bucket2", "neighbour", new JsonObject()));
    assertFalse(on(() -> client.isEmpty(server, bucket)));
    on(() -> client.delete(server, bucket, "only"));
    assertTrue(on(() -> client.isEmpty(server, bucket)), "a neighbouring bucket's keys do not count");
  }

  @Test
  void invalidKeysBucketsAndLimitsAreEinval() throws Exception {
    String tooLong = KEY_1024 + "y";
    assertEquals(1025, tooLong.getBytes(UTF_8).length);
    assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, "bucket", tooLong, new JsonObject())));
    assertEquals(ErrorCode.EINVAL, status(() -> client.get(server, "bucket", tooLong)));
    assertEquals(ErrorCode.EINVAL, status(() -> client.delete(server, "bucket", tooLong)));
    assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, "bucket", "", new JsonObject())));
    assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, "bucket", null, new JsonObject())));
    assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, "bucket", "k", null)));
    assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, "bucket", "\ud800", new JsonObject())), "lone surrogate");
    for (String bad : List.of("ab", "Bucket", "a".repeat(64), "under_score", "spa ce", "ünï")) {
      assertEquals(ErrorCode.EINVAL, status(() -> client.put(server, bad, "k", new JsonObject())), bad);
      assertEquals(ErrorCode.EINVAL, status(() -> client.isEmpty(server, bad)), bad);
    }
    assertEquals(ErrorCode.OK, status(() -> client.put(server, "a.b-c" + "0".repeat(58), "k", new JsonObject())));
    assertEquals(ErrorCode.EINVAL, status(() -> client.list(server, "bucket", null, null, 1001)));
    assertEquals(ErrorCode.EINVAL, status(() -> client.list(server, "bucket", null, null, -1)));
    assertEquals(ErrorCode.OK, status(() -> client.get(server, "a.b-c" + "0".repeat(58), "k")),
        "the connection stays usable after refusals");
  }

  @Test
  void connectionWithoutTheSecretIsRefused() throws Exception {
    FdfsClientPool plain = new FdfsClientPool(vertx, null, 2);
    FdfsClientPool wrong = new FdfsClientPool(vertx, "not-the-secret", 2);
    try {
      IndexClient anonymous = new IndexClient(plain);
      assertEquals(ErrorCode.EACCES, status(() -> anonymous.put(server, "bucket", "k", new JsonObject())));
      assertEquals(ErrorCode.EACCES, status(() -> anonymous.get(server, "bucket", "k")));
      assertEquals(ErrorCode.EACCES, status(() -> anonymous.list(server, "bucket", null, null, 10)));
      assertEquals(ErrorCode.EACCES, status(() -> new IndexClient(wrong).isEmpty(server, "bucket")));
    } finally {
      on(() -> plain.close());
      on(() -> wrong.close());
    }
    assertEquals(ErrorCode.ENOENT, status(() -> client.get(server, "bucket", "k")), "nothing was stored");
  }
}
