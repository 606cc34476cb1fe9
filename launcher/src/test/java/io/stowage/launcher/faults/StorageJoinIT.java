package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * A new storage server joins a group holding 10,000 objects (added at runtime with
 * {@code local-cluster.sh add-storage}) and becomes ACTIVE holding all of them: once it is ACTIVE
 * both original members are SIGKILLed, so every LIST page and every GET that follows is served by
 * the new member alone (index entries, inline objects and files).
 */
class StorageJoinIT {
  private static final String BUCKET = "storage-join";
  private static final int OBJECTS = 10_000;
  private static final int THREADS = 12;

  @Test
  void newMemberBecomesActiveHoldingEveryObject() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("--trackers", "1", "--groups", "1", "--replicas", "2", "--gateways", "1")) {
      S3Client s3 = cluster.s3(1);
      s3.createBucket(b -> b.bucket(BUCKET));
      List<PutLoad.Acked> objects = fill(s3);

      String added = cluster.ok("add-storage", "1").output().lines().filter(l -> l.startsWith("storage-g1-"))
          .reduce((a, b) -> b).orElseThrow();
      assertEquals("storage-g1-3", added);
      long t0 = System.nanoTime();
      cluster.awaitStatus(added, "ACTIVE", Duration.ofMinutes(4));
      System.out.printf("%s ACTIVE %d ms after it started, holding %d objects%n", added,
          Duration.ofNanos(System.nanoTime() - t0).toMillis(), OBJECTS);

      cluster.ok("kill", "storage-g1-1");
      cluster.ok("kill", "storage-g1-2");
      assertEquals(OBJECTS, listAll(s3), "keys listed from the new member alone");
      PutLoad.verifyAll(s3, BUCKET, objects, "objects read from the new member alone");
    }
  }

  /**
   * PUTs the objects, a few threads at a time: nine in ten of 1 B..8 KiB (kept inline in their
   * index entries), one in ten of 20..40 KiB (a file each).
   */
  private static List<PutLoad.Acked> fill(S3Client s3) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<PutLoad.Acked>> puts = new ArrayList<>();
      for (int i = 0; i < OBJECTS; i++) {
        int n = i;
        puts.add(pool.submit(() -> {
          int size = n % 10 == 0 ? 20 * 1024 + (int) ((n * 7919L) % (20 * 1024)) : 1 + (int) ((n * 7919L) % (8 * 1024));
          byte[] data = PutLoad.bytes(n, size);
          String key = String.format("join/%05d", n);
          s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
          return new PutLoad.Acked(key, size, PutLoad.md5(data));
        }));
      }
      List<PutLoad.Acked> out = new ArrayList<>(OBJECTS);
      for (Future<PutLoad.Acked> f : puts) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int listAll(S3Client s3) {
    int count = 0;
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(BUCKET).continuationToken(t));
      count += page.contents().size();
      token = page.isTruncated() ? page.nextContinuationToken() : null;
    } while (token != null);
    return count;
  }
}
