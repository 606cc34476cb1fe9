package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A bucket whose home group is full keeps taking writes: the gateway stores the body on another
 * group and the index entry (in the home group) names that file. group1 is kept "full" with
 * {@code reserved_storage_space_per_group = group1:99%}. Also: a group added while the gateway runs
 * takes new buckets.
 */
class SpillOverIT {
  private static final String ACCESS = "AKIASTOWAGESPILL01";
  private static final String SECRET = "stowage/spill/secret+key0123456789abcd";

  private static MiniCluster cluster;
  private static Vertx vertx;
  private static FdfsClientPool pool;
  private static ClusterClient cc;
  private static S3Gateway gateway;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().groups(2).trackerSetting("reserved_storage_space_per_group", "group1:99%")
        .trackerSetting("store_lookup", "round_robin").start();
    vertx = Vertx.vertx();
    pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential(ACCESS, SECRET, true, List.of("admin"))));
    gateway = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)));
    s3 = GatewayItSupport.s3(gateway, ACCESS, SECRET, RequestChecksumCalculation.WHEN_SUPPORTED).build();
    // homed on the full group by name (placement alone would never pick it)
    await(cc.createBucket("spill", "group1", ACCESS));
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayItSupport.stopAll(cluster, vertx, pool, new S3Gateway[] {gateway}, s3);
  }


  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The index entry as the home group stores it. */
  private static JsonObject entry(String key) {
    HostPort home = new HostPort("127.0.0.1", cluster.storage("g1-1").port());
    return await(new IndexClient(pool).get(home, "spill", key));
  }

  @Test
  void putToABucketWhoseHomeGroupIsFullLandsOnAnotherGroupAndReadsBack() {
    byte[] data = random(3 << 20, 1); // above the inline limit: stored as a file
    s3.putObject(b -> b.bucket("spill").key("big"), RequestBody.fromBytes(data));
    assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket("spill").key("big")).asByteArray());
    JsonObject e = entry("big");
    assertTrue(!e.getString("fileId").startsWith("group1/"), "the home group's index names a file on another group: " + e.encode());
    assertEquals(1, s3.listObjectsV2(b -> b.bucket("spill")).keyCount());
  }

  @Test
  void aGroupAddedWhileTheGatewayRunsTakesNewBucketsAndObjects() {
    cluster.addGroup("group3", 1);
    java.util.Set<String> homes = new java.util.HashSet<>();
    for (int i = 0; i < 4; i++) {
      String name = "grown-" + i;
      s3.createBucket(b -> b.bucket(name));
      homes.add(await(cc.getBucket(name)).homeGroup());
      byte[] data = random(2 << 20, 10 + i);
      s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromBytes(data));
      assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(name).key("k")).asByteArray());
    }
    assertEquals(java.util.Set.of("group2", "group3"), homes, "round robin over the writable groups, the new one included");
  }

  @Test
  void multipartPartsSpillOverToo() {
    byte[] p1 = random(5 << 20, 2);
    byte[] p2 = random(1 << 20, 3);
    String id = s3.createMultipartUpload(b -> b.bucket("spill").key("multi")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket("spill").key("multi").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket("spill").key("multi").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
    s3.completeMultipartUpload(b -> b.bucket("spill").key("multi").uploadId(id).multipartUpload(CompletedMultipartUpload.builder()
        .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()).build()));
    byte[] all = new byte[p1.length + p2.length];
    System.arraycopy(p1, 0, all, 0, p1.length);
    System.arraycopy(p2, 0, all, p1.length, p2.length);
    assertArrayEquals(all, s3.getObjectAsBytes(b -> b.bucket("spill").key("multi")).asByteArray());
    io.vertx.core.json.JsonArray parts = entry("multi").getJsonArray("parts");
    assertEquals(2, parts.size(), parts.encode());
    parts.forEach(p ->
        assertTrue(!((JsonObject) p).getString("fileId").startsWith("group1/"), "part on another group: " + p));
  }
}
