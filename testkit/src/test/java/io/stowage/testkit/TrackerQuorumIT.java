package io.stowage.testkit;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three trackers replicating the cluster state with Raft: uploads, downloads and bucket creation
 * keep working through a {@link TrackerClient} that knows all three when the leader is killed, and a
 * restarted tracker rejoins with what was committed while it was down.
 */
class TrackerQuorumIT {
  private MiniCluster cluster;
  private FdfsClientPool pool;
  private TrackerClient trackers;
  private ClusterClient registry;
  private StorageClient storage;
  private final Random random = new Random(42);

  @BeforeEach
  void start() {
    cluster = MiniCluster.builder().trackers(3).serversPerGroup(2).storageSetting("sync_interval_ms", "200").start();
    pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 4);
    trackers = new TrackerClient(pool, cluster.trackerAddresses());
    registry = new ClusterClient(trackers);
    storage = new StorageClient(pool);
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      await(pool.close());
      cluster.close();
    }
  }

  private FileId upload(byte[] data) {
    return await(trackers.queryStore(null).compose(t -> storage.upload(t, "bin", Buffer.buffer(data))));
  }

  private byte[] download(TrackerClient via, FileId id) {
    return await(via.queryFetch(id).compose(s -> storage.download(s, id, 0, 0))).getBytes();
  }

  private byte[] data() {
    byte[] b = new byte[1 + random.nextInt(64 * 1024)];
    random.nextBytes(b);
    return b;
  }

  @Test
  void killingTheLeaderKeepsUploadsDownloadsAndBucketsServing() {
    Map<FileId, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      byte[] d = data();
      files.put(upload(d), d);
    }
    await(registry.createBucket("before-kill", null, "alice"));
    JsonObject state = await(registry.clusterState());
    assertEquals(3, state.getJsonArray("trackers").size(), state.encodePrettily());
    String oldLeader = state.getString("leaderId");

    int leader = cluster.leaderIndex();
    assertEquals("tracker" + (leader + 1), oldLeader);
    cluster.killTracker(leader);

    // the two survivors elect a leader; every call goes on through the same client
    Awaitility.await("uploads after the leader died").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          byte[] d = data();
          files.put(upload(d), d);
          return true;
        });
    for (int i = 0; i < 10; i++) {
      byte[] d = data();
      files.put(upload(d), d);
    }
    await(registry.createBucket("after-kill", null, "bob"));
    assertEquals("alice", await(registry.getBucket("before-kill")).owner());
    for (Map.Entry<FileId, byte[]> e : files.entrySet()) {
      assertArrayEquals(e.getValue(), download(trackers, e.getKey()), e.getKey().toString());
    }

    JsonObject after = await(registry.clusterState());
    assertNotEquals(oldLeader, after.getString("leaderId"));
    JsonArray ts = after.getJsonArray("trackers");
    assertEquals(1, ts.stream().filter(t -> "LEADER".equals(((JsonObject) t).getString("role"))).count(), after.encodePrettily());

    // storage servers beat every tracker: the new leader never lets them time out (heartbeat_timeout 6 s)
    Awaitility.await("servers stay ACTIVE past the heartbeat timeout").during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(250)).until(() ->
            cluster.storageNames().stream().allMatch(n -> cluster.status(n) == ServerStatus.ACTIVE));
  }

  @Test
  void restartedTrackerRejoinsWithStateCommittedWhileItWasDown() {
    int leader = cluster.leaderIndex();
    int follower = (leader + 1) % 3;
    cluster.killTracker(follower);

    await(registry.createBucket("while-down", null, "carol"));
    await(registry.putCredential(new Credential("AKWHILEDOWN", "secret-while-down", true, List.of("admin"))));
    byte[] d = data();
    FileId id = upload(d);

    cluster.restartTracker(follower);
    Awaitility.await("restarted tracker replays the log").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> cluster.tracker(follower).bucket("while-down").isPresent()
            && cluster.tracker(follower).credential("AKWHILEDOWN").isPresent());

    // answered from its own replicated state, by itself
    TrackerClient only = new TrackerClient(pool, List.of(cluster.trackerAddresses().get(follower)));
    ClusterClient onlyRegistry = new ClusterClient(only);
    assertEquals("carol", await(onlyRegistry.getBucket("while-down")).owner());
    Awaitility.await("the storage servers beat the restarted tracker").atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> download(only, id).length == d.length);
    assertArrayEquals(d, download(only, id));

    // it counts for the quorum again: the old leader can go and writes still commit
    cluster.killTracker(leader);
    Awaitility.await("bucket creation with the old leader gone").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .pollInterval(Duration.ofMillis(200)).until(() -> await(registry.createBucket("after-second-kill", null, "dave")) != null);
    // committed by the two survivors; the restarted one applies it too (a follower may be a few ms behind)
    Awaitility.await("the restarted tracker applies it").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> cluster.tracker(follower).bucket("after-second-kill").isPresent());
    byte[] d2 = data();
    assertArrayEquals(d2, download(trackers, upload(d2)));
  }

  @Test
  void everyTrackerAnswersClientQueriesFromItsReplicatedState() {
    await(registry.createBucket("everywhere", null, "erin"));
    byte[] d = data();
    FileId id = upload(d);
    for (HostPort t : cluster.trackerAddresses()) {
      TrackerClient one = new TrackerClient(pool, List.of(t));
      // a write through any tracker is visible on it at once (it waits for its own apply)
      String name = "via-" + t.port();
      await(new ClusterClient(one).createBucket(name, null, "erin"));
      assertEquals(name, await(new ClusterClient(one).getBucket(name)).name());
      Awaitility.await("tracker " + t + " knows the bucket").atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> await(new ClusterClient(one).getBucket("everywhere")) != null);
      Awaitility.await("tracker " + t + " routes the download").atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .until(() -> download(one, id).length == d.length);
      StoreTarget target = await(one.queryStore(null));
      assertEquals("group1", target.group());
    }
    Awaitility.await("every bucket listed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> await(registry.listBuckets()).size() == 4);
  }
}
