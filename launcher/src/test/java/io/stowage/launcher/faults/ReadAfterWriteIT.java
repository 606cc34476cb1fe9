package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Read-after-write across gateways: 2,000 PUTs through gateway 1, each immediately followed by GET,
 * HEAD and ListObjectsV2(prefix = key) through gateway 2, which must show exactly what was just
 * written. Keys are overwritten ten times each, so a stale read (the previous content) would show.
 * Reads are spread over both members of the group (the gateway round-robins), so each acknowledged
 * write must already be on every in-sync member.
 */
class ReadAfterWriteIT {
  private static final String BUCKET = "read-after-write";
  private static final int WRITES = 2000;
  private static final int KEYS = 200;
  private static final int THREADS = 2;

  @Test
  void putThroughOneGatewayIsSeenAtOnceThroughTheOther() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("--trackers", "1", "--groups", "1", "--replicas", "2", "--gateways", "2")) {
      S3Client gw1 = cluster.s3(1);
      S3Client gw2 = cluster.s3(2);
      gw1.createBucket(b -> b.bucket(BUCKET));

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<String>>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          runs.add(pool.submit(() -> writeAndReadBack(gw1, gw2, thread)));
        }
        List<String> stale = new ArrayList<>();
        for (Future<List<String>> r : runs) {
          stale.addAll(r.get());
        }
        assertEquals(List.of(), stale.subList(0, Math.min(10, stale.size())), stale.size() + " stale or failed reads");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** This thread's share of the writes, on its own keys; returns every read that did not match. */
  private static List<String> writeAndReadBack(S3Client gw1, S3Client gw2, int thread) {
    Random random = new Random(thread);
    List<String> bad = new ArrayList<>();
    int keysPerThread = KEYS / THREADS;
    for (int i = 0; i < WRITES / THREADS; i++) {
      String key = String.format("raw/t%d-k%03d", thread, i % keysPerThread);
      // small (kept inline in the index) and larger (a file) objects, each different from the key's last
      int size = random.nextBoolean() ? 16 + random.nextInt(8 * 1024) : 20 * 1024 + random.nextInt(200 * 1024);
      byte[] data = PutLoad.bytes(random.nextLong(), size);
      String round = "write " + i + " of " + key;
      try {
        PutObjectResponse put = gw1.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
        byte[] got = gw2.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        if (!PutLoad.md5(data).equals(PutLoad.md5(got))) {
          bad.add(round + ": GET returned " + got.length + " other bytes");
        }
        HeadObjectResponse head = gw2.headObject(b -> b.bucket(BUCKET).key(key));
        if (!put.eTag().equals(head.eTag()) || head.contentLength() != size) {
          bad.add(round + ": HEAD " + head.eTag() + " " + head.contentLength() + ", wrote " + put.eTag() + " " + size);
        }
        ListObjectsV2Response list = gw2.listObjectsV2(b -> b.bucket(BUCKET).prefix(key));
        List<S3Object> found = list.contents();
        if (found.size() != 1 || !found.get(0).key().equals(key) || !found.get(0).eTag().equals(put.eTag())
            || found.get(0).size() != size) {
          bad.add(round + ": LIST " + found + ", wrote " + put.eTag() + " " + size);
        }
      } catch (RuntimeException e) {
        bad.add(round + ": " + e);
      }
    }
    return bad;
  }
}
