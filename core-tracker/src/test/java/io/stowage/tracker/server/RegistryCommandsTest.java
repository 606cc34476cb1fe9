package io.stowage.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BUCKET_* and CREDENTIAL_* on a real tracker (Raft + socket) on port 0 in a temp dir with one fake
 * storage server joined, driven through core-common's {@link ClusterClient} as the gateway does.
 */
class RegistryCommandsTest {
  static final String SECRET = "registry-secret";

  @TempDir
  Path dir;
  Vertx vertx;
  TrackerNode node;
  FdfsClientPool pool;
  ClusterClient cluster;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    startTracker();
  }

  @AfterEach
  void tearDown() throws Exception {
    stopTracker();
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  void startTracker() throws Exception {
    node = TrackerNode.start(vertx, TrackerConfig.embedded(dir, 0, SECRET)).await(30, TimeUnit.SECONDS);
    pool = new FdfsClientPool(vertx, SECRET, 2);
    cluster = new ClusterClient(new TrackerClient(pool, List.of(node.address())));
  }

  void stopTracker() throws Exception {
    if (node != null) {
      FdfsClientPool p = pool;
      on(p::close);
      node.stop().await(30, TimeUnit.SECONDS);
      node = null;
    }
  }

  /** Runs client work on one Vert.x context (the pool is per-context) and waits for it. */
  <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future().await(30, TimeUnit.SECONDS);
  }

  /** The status a call failed with (OK when it succeeded). */
  ErrorCode status(Supplier<Future<?>> work) throws Exception {
    return on(() -> work.get().transform(ar -> Future.succeededFuture(
        ar.succeeded() ? ErrorCode.OK : ProtoException.codeOf(ar.cause()))));
  }

  /** Joins (or beats) the fake storage server 1 of group1: 9000 of 10000 MB free. */
  void fakeStorage(byte cmd) throws Exception {
    JsonObject body = new JsonObject().put("group", "group1").put("serverId", 1).put("host", "127.0.0.21").put("port", 23001)
        .put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 10_000).put("freeMb", 9_000)))
        .put("version", "0.1.0");
    JsonObject answer = on(() -> cluster.trackers().internal(cmd, body));
    assertEquals("ACTIVE", answer.getString("status"));
  }

  static List<String> names(List<BucketInfo> buckets) {
    return buckets.stream().map(BucketInfo::name).toList();
  }

  @Test
  void noWritableGroupIsEnospcUnlessTheGroupIsNamedAndExists() throws Exception {
    assertEquals(ErrorCode.ENOSPC, status(() -> cluster.createBucket("early", null, "AK1")), "nothing joined yet");
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.createBucket("early", "group1", "AK1")), "group1 unknown yet");
    fakeStorage(Commands.STORAGE_JOIN);
    assertEquals("group1", on(() -> cluster.createBucket("early", null, "AK1")).homeGroup());
  }

  @Test
  void createGetListAndDeleteBuckets() throws Exception {
    fakeStorage(Commands.STORAGE_JOIN);
    long before = System.currentTimeMillis();
    BucketInfo photos = on(() -> cluster.createBucket("photos", null, "AK1"));
    assertEquals(new BucketInfo("photos", "group1", photos.createdMs(), "AK1"), photos, "placement picks the only group");
    assertTrue(photos.createdMs() >= before && photos.createdMs() <= System.currentTimeMillis());
    assertEquals("group1", on(() -> cluster.createBucket("logs.2026-11", "group1", "AK2")).homeGroup());
    on(() -> cluster.createBucket("a-bucket", null, "AK1"));

    assertEquals(photos, on(() -> cluster.getBucket("photos")));
    assertEquals(List.of("a-bucket", "logs.2026-11", "photos"), names(on(cluster::listBuckets)), "sorted by name");

    assertEquals(ErrorCode.EEXIST, status(() -> cluster.createBucket("photos", null, "AK2")));
    assertEquals(ErrorCode.EEXIST, status(() -> cluster.createBucket("photos", "group1", "AK2")));
    assertEquals("AK1", on(() -> cluster.getBucket("photos")).owner(), "a refused create changes nothing");
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.createBucket("other", "group9", "AK1")), "named group unknown");
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getBucket("other")));

    on(() -> cluster.deleteBucket("logs.2026-11"));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getBucket("logs.2026-11")));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.deleteBucket("logs.2026-11")));
    assertEquals(List.of("a-bucket", "photos"), names(on(cluster::listBuckets)));
    assertEquals("group1", on(() -> cluster.createBucket("logs.2026-11", null, "AK3")).homeGroup(), "a deleted name is free again");
  }

  @Test
  void invalidBucketNamesAreEinval() throws Exception {
    fakeStorage(Commands.STORAGE_JOIN);
    for (String bad : List.of("ab", "Photos", "a".repeat(64), "under_score", "spa ce", "ünï")) {
      assertEquals(ErrorCode.EINVAL, status(() -> cluster.createBucket(bad, null, "AK1")), bad);
    }
    assertEquals(ErrorCode.EINVAL, status(() -> cluster.createBucket(null, null, "AK1")));
    assertEquals(ErrorCode.OK, status(() -> cluster.createBucket("a".repeat(63), null, "AK1")));
    assertEquals(List.of("a".repeat(63)), names(on(cluster::listBuckets)));
  }

  @Test
  void credentialsArePutReplacedAndRead() throws Exception {
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getCredential("AKIAEXAMPLE")));
    on(() -> cluster.putCredential(new Credential("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG", true)));
    assertEquals(new Credential("AKIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG", true), on(() -> cluster.getCredential("AKIAEXAMPLE")));
    on(() -> cluster.putCredential(new Credential("AKIAEXAMPLE", "rotated", false)));
    Credential c = on(() -> cluster.getCredential("AKIAEXAMPLE"));
    assertEquals("rotated", c.secretKey());
    assertFalse(c.enabled());
    assertEquals(ErrorCode.EINVAL, status(() -> cluster.putCredential(new Credential("AK2", "", true))));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getCredential("AK2")));
  }

  @Test
  void bucketsAndCredentialsSurviveATrackerRestart() throws Exception {
    fakeStorage(Commands.STORAGE_JOIN);
    BucketInfo photos = on(() -> cluster.createBucket("photos", null, "AK1"));
    on(() -> cluster.createBucket("gone", null, "AK1"));
    on(() -> cluster.deleteBucket("gone"));
    on(() -> cluster.putCredential(new Credential("AK1", "sk1", true)));
    on(() -> cluster.putCredential(new Credential("AK2", "sk2", false)));
    stopTracker();

    startTracker();
    assertEquals(photos, on(() -> cluster.getBucket("photos")));
    assertEquals(List.of("photos"), names(on(cluster::listBuckets)));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getBucket("gone")));
    assertEquals(new Credential("AK1", "sk1", true), on(() -> cluster.getCredential("AK1")));
    assertEquals(new Credential("AK2", "sk2", false), on(() -> cluster.getCredential("AK2")));
    assertEquals(ErrorCode.EEXIST, status(() -> cluster.createBucket("photos", null, "AK2")));
    // free space is soft state: until the storage beats again only a named (known) group is accepted
    assertEquals(ErrorCode.ENOSPC, status(() -> cluster.createBucket("videos", null, "AK1")));
    assertEquals("group1", on(() -> cluster.createBucket("videos", "group1", "AK1")).homeGroup());
    fakeStorage(Commands.STORAGE_BEAT);
    assertEquals("group1", on(() -> cluster.createBucket("music", null, "AK1")).homeGroup());
  }
}
