package io.stowage.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.admin.cli.AdminCli;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.testkit.MiniCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code stowage admin servers delete GROUP SERVER_ID} through the admin API on a real two-member group. */
class AdminServerDeleteIT {
  static final String ROOT_AK = "ROOTADMINKEY";
  static final String ROOT_SK = "root-secret-never-logged-0123456789";

  MiniCluster cluster;
  AdminServer admin;

  @AfterEach
  void stop() {
    if (admin != null) {
      MiniCluster.await(admin.stop());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void cliDeletesAServerAndRefusesToDeleteTheLastActiveOne() {
    cluster = MiniCluster.builder().serversPerGroup(2).start();
    FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
    MiniCluster.await(new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()))
        .putCredential(new Credential(ROOT_AK, ROOT_SK, true, List.of("admin"))));
    admin = MiniCluster.await(AdminServer.start(cluster.vertx(), AdminConfig.embedded("127.0.0.1", 0, cluster.trackerAddresses(),
        cluster.secret(), null, cluster.dir().resolve("audit.log"))));
    String[] auth = {"--endpoint", "http://127.0.0.1:" + admin.port(), "--access-key", ROOT_AK, "--secret-key", ROOT_SK};
    String first = Integer.toString(cluster.serverId("g1-1"));
    String second = Integer.toString(cluster.serverId("g1-2"));

    assertEquals(2, cli(auth, "servers", "delete", "group1")[0], "SERVER_ID is required");
    Object[] unknown = cli(auth, "servers", "delete", "group1", "999");
    assertEquals(1, unknown[0]);
    assertTrue(((String) unknown[1]).contains("no server 999"), (String) unknown[1]);

    Object[] ok = cli(auth, "servers", "delete", "group1", second);
    assertEquals(0, ok[0], (String) ok[1]);
    assertTrue(((String) ok[1]).contains("DELETED"), (String) ok[1]);
    assertEquals(ServerStatus.DELETED, cluster.status("g1-2"));

    Object[] last = cli(auth, "servers", "delete", "group1", first);
    assertEquals(1, last[0]);
    assertTrue(((String) last[1]).contains("fewer ACTIVE members"), (String) last[1]);
    assertEquals(ServerStatus.ACTIVE, cluster.status("g1-1"));
    MiniCluster.await(pool.close());
  }

  /** Exit code and output. */
  static Object[] cli(String[] auth, String... cmd) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    String[] args = new String[auth.length + cmd.length];
    System.arraycopy(auth, 0, args, 0, auth.length);
    System.arraycopy(cmd, 0, args, auth.length, cmd.length);
    int code = AdminCli.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return new Object[] {code, buf.toString(StandardCharsets.UTF_8)};
  }
}
