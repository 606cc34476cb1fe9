package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code scripts/local-cluster.sh} end to end: 3 trackers, 2 groups of 2 storage servers and 2
 * gateways as separate processes from {@code launcher/target/stowage.jar}; S3 put/get with the AWS
 * SDK v2 through both gateways, a storage server of each group killed with SIGKILL, get again, down.
 * Skipped (with the reason) when the jar has not been built.
 */
class LocalClusterIT {

  @Test
  void upPutGetThroughBothGatewaysSurvivesAKilledStorageServerAndDown() throws Exception {
    try (LocalCluster cluster = LocalCluster.up("--trackers", "3", "--groups", "2", "--replicas", "2", "--gateways", "2")) {
      Map<String, String> env = cluster.env();
      assertEquals(3, env.get("TRACKERS").split(",").length, env.toString());
      for (String name : List.of("tracker_1", "tracker_2", "tracker_3", "storage_g1_1", "storage_g1_2", "storage_g2_1",
          "storage_g2_2", "gateway_1", "gateway_2")) {
        assertTrue(env.getOrDefault("PID_" + name, "").matches("[0-9]+"), name + " has no pid: " + env);
      }

      String status = cluster.ok("status").output();
      assertTrue(status.contains("storage-g2-2") && status.contains("running") && status.contains("LEADER"), status);

      byte[] data = new byte[300_000];
      new Random(7).nextBytes(data);
      S3Client gw1 = cluster.s3(1);
      S3Client gw2 = cluster.s3(2);
      gw1.createBucket(b -> b.bucket("local-cluster"));
      gw1.putObject(b -> b.bucket("local-cluster").key("a/b.bin"), RequestBody.fromBytes(data));
      gw2.putObject(b -> b.bucket("local-cluster").key("c.txt"), RequestBody.fromString("hello"));
      assertArrayEquals(data, gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
      assertEquals("hello", gw1.getObjectAsBytes(b -> b.bucket("local-cluster").key("c.txt")).asUtf8String());

      // SIGKILL one member of each group: the other member of the bucket's group still serves
      cluster.ok("kill", "storage-g1-1");
      cluster.ok("kill", "storage-g2-1");
      assertEquals("", cluster.env().get("PID_storage_g1_1"));
      assertTrue(cluster.ok("status").output().lines().anyMatch(l -> l.startsWith("storage-g1-1") && l.contains("stopped")));
      Awaitility.await("GET through both gateways after the kills").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            assertArrayEquals(data, gw1.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
            assertArrayEquals(data, gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("a/b.bin")).asByteArray());
          });

      // start one again: it comes back (SYNCING -> ACTIVE) and the data still reads back
      cluster.ok("start", "storage-g1-1");
      assertTrue(cluster.env().get("PID_storage_g1_1").matches("[0-9]+"));
      assertEquals("hello", gw2.getObjectAsBytes(b -> b.bucket("local-cluster").key("c.txt")).asUtf8String());

      cluster.ok("down");
      String after = cluster.ok("status").output();
      assertTrue(after.lines().filter(l -> l.matches("^(tracker|storage|gateway)-.*")).allMatch(l -> l.contains("stopped")), after);
    }
  }
}
