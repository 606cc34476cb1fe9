package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A storage server SIGKILLed during a stream of S3 PUTs through two gateways (one group of two):
 * right after the kill, GETs through both gateways succeed at their first attempt (a gateway tries
 * the surviving member when the dead one refuses, before the trackers mark it OFFLINE); the PUTs go
 * on; every acknowledged object reads back byte-identical from both gateways; the killed
 * server restarts and becomes ACTIVE again, then its peer is killed while GETs of the larger objects
 * stream through both gateways (none fails: a download cut mid-body goes on from the other member),
 * and every object still reads back, now from the restarted server alone.
 */
class S3PutStreamStorageKillIT {
  private static final String BUCKET = "put-stream-kill";

  @Test
  void everyAcknowledgedPutSurvivesTheKillOfEitherMember() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("--trackers", "1", "--groups", "1", "--replicas", "2", "--gateways", "2")) {
      S3Client gw1 = cluster.s3(1);
      S3Client gw2 = cluster.s3(2);
      gw1.createBucket(b -> b.bucket(BUCKET));

      List<PutLoad.Acked> acked;
      int beforeKill;
      try (PutLoad load = new PutLoad(BUCKET, List.of(gw1, gw2), 4, 3 << 20, false)) {
        Awaitility.await("PUTs before the kill").atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() >= 30);
        cluster.ok("kill", "storage-g1-1");
        beforeKill = load.ackedCount();
        // right away, while the trackers still count the dead member ACTIVE (heartbeat timeout 6 s):
        // every GET succeeds at its first attempt through either gateway
        List<PutLoad.Acked> early = load.acked().subList(0, 24);
        PutLoad.verifyAll(cluster.s3NoRetry(1), BUCKET, early, "gateway 1 just after the kill, no client retry");
        PutLoad.verifyAll(cluster.s3NoRetry(2), BUCKET, early, "gateway 2 just after the kill, no client retry");
        Awaitility.await("PUTs after the kill").atMost(Duration.ofSeconds(60))
            .until(() -> load.ackedCount() >= beforeKill + 30);
        load.close();
        acked = load.acked();
        System.out.printf("PUT stream: %d acknowledged (%d before the kill), %d failed: %s%n", acked.size(), beforeKill,
            load.failures(), load.errors());
      }

      // at once, before the trackers notice the dead member: both gateways read everything
      PutLoad.verifyAll(gw1, BUCKET, acked, "gateway 1 after the kill");
      PutLoad.verifyAll(gw2, BUCKET, acked, "gateway 2 after the kill");

      cluster.ok("start", "storage-g1-1");
      cluster.awaitStatus("storage-g1-1", "ACTIVE", Duration.ofSeconds(120));
      // GETs of the larger objects stream through both gateways (no client retry) while the peer is
      // killed: a download cut mid-body goes on from the other member, none fails
      List<PutLoad.Acked> large = acked.stream().filter(a -> a.size() > 512 << 10).toList();
      assertTrue(large.size() >= 4, "too few large objects: " + large.size());
      List<String> failedGets = new CopyOnWriteArrayList<>();
      AtomicBoolean reading = new AtomicBoolean(true);
      AtomicInteger gets = new AtomicInteger();
      ExecutorService readers = Executors.newFixedThreadPool(4);
      try {
        List<S3Client> strict = List.of(cluster.s3NoRetry(1), cluster.s3NoRetry(2));
        for (int t = 0; t < 4; t++) {
          S3Client s3 = strict.get(t % 2);
          int first = t;
          readers.submit(() -> {
            for (int i = first; reading.get(); i++) {
              PutLoad.Acked a = large.get(i % large.size());
              try {
                byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(a.key())).asByteArray();
                if (!a.md5().equals(PutLoad.md5(got))) {
                  failedGets.add(a.key() + ": other bytes");
                }
              } catch (RuntimeException e) {
                failedGets.add(a.key() + ": " + e);
              }
              gets.incrementAndGet();
            }
          });
        }
        Awaitility.await("GETs before the kill").atMost(Duration.ofSeconds(30)).until(() -> gets.get() >= 20);
        cluster.ok("kill", "storage-g1-2");
        int atKill = gets.get();
        Awaitility.await("GETs after the kill").atMost(Duration.ofSeconds(60)).until(() -> gets.get() >= atKill + 40);
      } finally {
        reading.set(false);
        readers.shutdown();
        readers.awaitTermination(60, TimeUnit.SECONDS);
      }
      System.out.printf("GETs of %d large objects around the second kill: %d, failed: %s; gateway failovers: %d"
              + " (%d of them mid-body)%n", large.size(), gets.get(), failedGets,
          cluster.logLines("gateway-1", "trying another member") + cluster.logLines("gateway-2", "trying another member"),
          cluster.logLines("gateway-1", "mid-frame") + cluster.logLines("gateway-2", "mid-frame"));
      assertTrue(failedGets.isEmpty(), () -> failedGets.size() + " GETs failed around the kill: " + failedGets);
      PutLoad.verifyAll(gw1, BUCKET, acked, "gateway 1 with only the restarted member");
      PutLoad.verifyAll(gw2, BUCKET, acked, "gateway 2 with only the restarted member");
      assertTrue(cluster.statuses().get(LocalCluster.serverId("storage-g1-1")).equals("ACTIVE"), cluster::logs);
    }
  }
}
