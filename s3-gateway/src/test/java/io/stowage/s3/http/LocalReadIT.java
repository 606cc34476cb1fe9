package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.metrics.Counter;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.S3Metrics;
import io.stowage.storage.StorageNode;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Short-circuit local reads: a gateway in the same JVM as storage server g1-1 (of a two-server
 * group) sends that server's files zero-copy while the trackers list it ACTIVE, byte-identical to
 * the streamed path; a file gone from disk, a range across parts and a server no longer ACTIVE
 * all take the streamed path. The last test kills g1-1, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalReadIT {
  private static final String ACCESS = "AKIASTOWAGELOCAL01";
  private static final String SECRET = "stowage/local/secret+key0123456789abcd";
  private static final String BUCKET = "local-reads";

  private static MiniCluster cluster;
  private static Vertx vertx;
  private static FdfsClientPool pool;
  private static S3Gateway gateway;
  private static MetricsRegistry metrics;
  private static S3Client s3;
  private static StorageNode local;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().groups(1).serversPerGroup(2).start();
    cluster.awaitInSync();
    vertx = Vertx.vertx();
    pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential(ACCESS, SECRET, true, List.of("admin"))));
    await(cc.createBucket(BUCKET, "group1", ACCESS));
    local = cluster.storage("g1-1");
    metrics = new MetricsRegistry();
    gateway = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0),
        metrics, local.local()));
    s3 = client(false);
  }

  private static S3Client client(boolean noRetries) {
    var b = GatewayItSupport.s3(gateway, ACCESS, SECRET, RequestChecksumCalculation.WHEN_SUPPORTED);
    if (noRetries) {
      b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    return b.build();
  }

  private static void awaitLocalReads(double expected) {
    Awaitility.await("local reads = " + expected).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
        .until(() -> localReads() == expected);
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayItSupport.stopAll(cluster, vertx, pool, new S3Gateway[] {gateway}, s3);
  }


  @Test
  @Order(1)
  void wholeAndRangedGetsOfAFileAreSentFromTheLocalFile() {
    byte[] data = random(3 << 20, 1); // above the inline limit: stored as a file
    s3.putObject(b -> b.bucket(BUCKET).key("whole"), RequestBody.fromBytes(data));

    double before = localReads();
    double bytesOutBefore = bytesOut();
    assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("whole")).asByteArray());
    awaitLocalReads(before + 1);
    assertTrue(bytesOut() - bytesOutBefore >= data.length, "bytes sent are counted for a local read");

    var ranged = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("whole").range("bytes=1000-200999"));
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 201000), ranged.asByteArray());
    assertEquals("bytes 1000-200999/" + data.length, ranged.response().contentRange());
    assertArrayEquals(Arrays.copyOfRange(data, data.length - 77, data.length),
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("whole").range("bytes=-77")).asByteArray());
    awaitLocalReads(before + 3);
  }

  @Test
  @Order(2)
  void partsOfAMultipartObjectAreSentLocallyAndRangesAcrossPartsStream() {
    byte[] p1 = random(5 << 20, 2);
    byte[] p2 = random(1 << 20, 3);
    String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mp")).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(BUCKET).key("mp").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mp").uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
    byte[] all = new byte[p1.length + p2.length];
    System.arraycopy(p1, 0, all, 0, p1.length);
    System.arraycopy(p2, 0, all, p1.length, p2.length);

    double before = localReads();
    assertArrayEquals(p2, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp").partNumber(2)).asByteArray());
    assertArrayEquals(Arrays.copyOfRange(p2, 10, 5000), s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp")
        .range("bytes=" + (p1.length + 10) + "-" + (p1.length + 4999))).asByteArray());
    awaitLocalReads(before + 2);

    assertArrayEquals(all, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mp")).asByteArray());
    assertArrayEquals(Arrays.copyOfRange(all, p1.length - 100, p1.length + 100), s3.getObjectAsBytes(
        b -> b.bucket(BUCKET).key("mp").range("bytes=" + (p1.length - 100) + "-" + (p1.length + 99))).asByteArray());
    assertEquals(before + 2, localReads(), "reads across parts stream");
  }

  @Test
  @Order(3)
  void aLocalFileGoneFromDiskFallsBackToTheStreamedPath() throws Exception {
    byte[] data = random(1 << 20, 4);
    s3.putObject(b -> b.bucket(BUCKET).key("gone"), RequestBody.fromBytes(data));
    String fileId = await(new IndexClient(pool).get(new HostPort("127.0.0.1", local.port()), BUCKET, "gone"))
        .getString("fileId");
    Files.delete(local.store().localPath(FileId.parse(fileId)).orElseThrow());

    double before = localReads();
    // no SDK retries: each answer is the gateway's own. The first read finds no local file and streams
    // from a member (one that lacks the file fetches it back from its peer, so later reads may be local)
    try (S3Client once = client(true)) {
      boolean served = false;
      for (int i = 0; i < 4; i++) {
        try {
          assertArrayEquals(data, once.getObjectAsBytes(b -> b.bucket(BUCKET).key("gone")).asByteArray());
          served = true;
        } catch (S3Exception e) {
          assertTrue(e.statusCode() >= 400, "a clean S3 error, not a broken body: " + e.statusCode());
        }
        if (i == 0) {
          assertEquals(before, localReads(), "a file gone from disk is not a local read");
        }
      }
      assertTrue(served, "a member's copy served it");
    }
  }

  @Test
  @Order(4)
  void aLocalServerThatIsNotActiveIsNotReadFrom() {
    byte[] data = random(2 << 20, 5);
    s3.putObject(b -> b.bucket(BUCKET).key("offline"), RequestBody.fromBytes(data));
    cluster.killStorage("g1-1"); // its files stay on disk, but it is no longer in sync
    Awaitility.await("g1-1 not ACTIVE").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.status("g1-1") != ServerStatus.ACTIVE);
    // once the gateway's cached cluster view has caught up, the read is streamed from g1-2
    Awaitility.await("gateway view refreshed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          double before = localReads();
          try {
            s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("offline"));
          } catch (S3Exception e) {
            return false; // the stopped server was still picked: it is passed over once it failed
          }
          return localReads() == before;
        });
    double before = localReads();
    assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("offline")).asByteArray());
    assertEquals(before, localReads());
  }

  private static double localReads() {
    return ((Counter) metrics.family(S3Gateway.LOCAL_READS)).labels().get();
  }

  private static double bytesOut() {
    double sum = 0;
    for (String line : metrics.render().split("\n")) {
      if (line.startsWith(S3Metrics.BYTES_OUT + "{") || line.startsWith(S3Metrics.BYTES_OUT + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
