package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Raft leader of three trackers SIGKILLed under a PUT + GET load through two gateways: the
 * load goes on after a short pause (bounded here at 20 s; the survivors elect a leader within about
 * a second), no acknowledged PUT is lost, and the killed tracker, started again, rejoins: it answers
 * on its own with the cluster's current state and a leader.
 */
class TrackerLeaderKillIT {
  private static final String BUCKET = "tracker-leader-kill";
  private static final Duration MAX_PAUSE = Duration.ofSeconds(20);

  @Test
  void loadGoesOnAfterALeaderKillAndTheTrackerRejoins() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("--trackers", "3", "--groups", "1", "--replicas", "2", "--gateways", "2")) {
      S3Client gw1 = cluster.s3(1);
      S3Client gw2 = cluster.s3(2);
      gw1.createBucket(b -> b.bucket(BUCKET));

      String leader = cluster.leader();
      List<PutLoad.Acked> acked;
      long killedAt;
      try (PutLoad load = new PutLoad(BUCKET, List.of(gw1, gw2), 4, 512 << 10, true)) {
        Awaitility.await("PUTs before the kill").atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() >= 30);
        cluster.ok("kill", leader);
        killedAt = System.nanoTime();
        int beforeKill = load.ackedCount();
        Awaitility.await("PUTs after the leader's kill").atMost(Duration.ofSeconds(90))
            .until(() -> load.ackedCount() >= beforeKill + 30);
        load.close();
        acked = load.acked();
        // the longest stretch without a successful operation, from the kill on
        List<Long> after = load.successTimes().stream().filter(t -> t > killedAt).sorted().toList();
        long gap = after.get(0) - killedAt;
        for (int i = 1; i < after.size(); i++) {
          gap = Math.max(gap, after.get(i) - after.get(i - 1));
        }
        Duration pause = Duration.ofNanos(gap);
        System.out.printf("leader %s killed: longest pause %d ms; %d PUTs acknowledged, %d failures: %s%n",
            leader, pause.toMillis(), acked.size(), load.failures(), load.errors());
        assertTrue(pause.compareTo(MAX_PAUSE) <= 0, "operations resumed only after " + pause);
        assertTrue(load.errors().stream().noneMatch(e -> e.contains("other bytes")), load.errors().toString());
      }

      PutLoad.verifyAll(gw1, BUCKET, acked, "gateway 1 after the leader's kill");
      PutLoad.verifyAll(gw2, BUCKET, acked, "gateway 2 after the leader's kill");
      String newLeader = cluster.leader();
      assertNotEquals(leader, newLeader);

      // the old leader comes back as a follower, with the state committed while it was down
      cluster.ok("start", leader);
      String state = cluster.stateFrom(leader, 2, 90);
      assertNotNull(state, () -> leader + " did not answer with both storage servers ACTIVE" + cluster.logs());
      // it learns who leads once it has heard from the leader
      Awaitility.await(leader + " knows the leader").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .until(() -> {
            String s = cluster.stateFrom(leader, 2, 10);
            return s != null && s.contains(" LEADER");
          });
      assertTrue(cluster.ok("status").output().lines().anyMatch(l -> l.startsWith(leader + " ") && l.contains("running")));
      gw1.createBucket(b -> b.bucket(BUCKET + "-after"));
      PutLoad.verifyAll(gw2, BUCKET, acked.subList(0, Math.min(20, acked.size())), "gateway 2 after the restart");
    }
  }
}
