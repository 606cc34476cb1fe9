package io.stowage.tracker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
  static ServerRecord server(int id, String group, String host, int port) {
    return new ServerRecord(id, group, host, port, ServerStatus.ACTIVE, List.of(new StorePathTotal(0, 1000)), 0, 10, 256, "0.1");
  }

  /** Applies and checks the reply is ok. */
  static ClusterState ok(ClusterState s, JsonObject cmd) {
    ClusterState.Applied a = s.apply(cmd);
    assertTrue(a.reply().getBoolean("ok"), a.reply().encode());
    return a.state();
  }

  static String error(ClusterState s, JsonObject cmd) {
    ClusterState.Applied a = s.apply(cmd);
    assertFalse(a.reply().getBoolean("ok"), a.reply().encode());
    assertSame(s, a.state(), "a refused command changes nothing");
    return a.reply().getString("error");
  }

  @Test
  void joinRegistersActiveServersAndGroups() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    s = ok(s, ClusterCommands.joinServer(server(2, "g1", "10.0.0.2", 23000), 6000));
    s = ok(s, ClusterCommands.joinServer(server(3, "g2", "10.0.0.3", 23000), 7000));
    assertEquals(List.of("g1", "g2"), List.copyOf(s.groups().keySet()));
    assertEquals(2, s.groups().get("g1").size());
    assertEquals(ServerStatus.ACTIVE, s.server(1).orElseThrow().status());
    assertEquals(ServerStatus.WAIT_SYNC, s.server(2).orElseThrow().status(), "a new member of a populated group copies first");
    assertEquals(ServerStatus.ACTIVE, s.server(3).orElseThrow().status(), "the first member of a group has nothing to copy");
    s = ok(s, ClusterCommands.syncStart(2));
    assertEquals(ServerStatus.SYNCING, s.server(2).orElseThrow().status(), "copying: WAIT_SYNC -> SYNCING");
    s = ok(s, ClusterCommands.syncDone(2));
    assertEquals(ServerStatus.ACTIVE, s.server(2).orElseThrow().status());
    s = ok(s, ClusterCommands.syncStart(2));
    assertEquals(ServerStatus.ACTIVE, s.server(2).orElseThrow().status(), "only WAIT_SYNC starts a copy");
    assertEquals(6000, s.server(2).orElseThrow().joinTime());
  }

  @Test
  void outOfSyncTakesAPeerOutAndItComesBackSyncingThenActive() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    s = ok(s, ClusterCommands.joinServer(server(2, "g1", "10.0.0.2", 23000), 6000));
    s = ok(s, ClusterCommands.syncDone(2));
    assertEquals("ENOENT", s.apply(ClusterCommands.outOfSync(1, 3)).reply().getString("error"), "unknown reporter");
    s = ok(s, ClusterCommands.outOfSync(2, 1));
    assertEquals(ServerStatus.SYNCING, s.server(2).orElseThrow().status());
    assertEquals("EPERM", s.apply(ClusterCommands.outOfSync(1, 2)).reply().getString("error"), "an out-of-sync server cannot report others");
    s = ok(s, ClusterCommands.setStatus(2, ServerStatus.OFFLINE, List.of()));
    s = ok(s, ClusterCommands.joinServer(server(2, "g1", "10.0.0.2", 23000), 9000));
    assertEquals(ServerStatus.SYNCING, s.server(2).orElseThrow().status(), "back from downtime: replays what it missed");
    s = ok(s, ClusterCommands.setStatus(2, ServerStatus.OFFLINE, List.of()));
    s = ok(s, ClusterCommands.resumeServer(2));
    assertEquals(ServerStatus.SYNCING, s.server(2).orElseThrow().status());
    // a write to the catching-up (admitted) server failed after it read its epoch: SYNC_DONE refused
    long epoch = s.server(2).orElseThrow().syncEpoch();
    s = ok(s, ClusterCommands.outOfSync(2, 1));
    assertEquals(ServerStatus.SYNCING, s.server(2).orElseThrow().status());
    assertEquals(epoch + 1, s.server(2).orElseThrow().syncEpoch());
    assertEquals("EAGAIN", s.apply(ClusterCommands.syncDone(2, epoch)).reply().getString("error"));
    assertEquals(ServerStatus.SYNCING, ClusterState.fromJson(s.toJson()).server(2).orElseThrow().status());
    assertEquals(epoch + 1, ClusterState.fromJson(s.toJson()).server(2).orElseThrow().syncEpoch(), "the epoch is in snapshots");
    s = ok(s, ClusterCommands.syncDone(2, epoch + 1));
    assertEquals(ServerStatus.ACTIVE, s.server(2).orElseThrow().status());
    s = ok(s, ClusterCommands.setStatus(1, ServerStatus.OFFLINE, List.of()));
    s = ok(s, ClusterCommands.resumeServer(1));
    assertEquals(ServerStatus.SYNCING, s.server(1).orElseThrow().status());
  }

  @Test
  void rejoinKeepsJoinTimeAndUpdatesAddress() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    s = ok(s, ClusterCommands.setStatus(1, ServerStatus.OFFLINE, List.of()));
    ClusterState.Applied a = s.apply(ClusterCommands.joinServer(server(1, "g1", "10.0.0.9", 23001), 9000));
    assertEquals("ACTIVE", a.reply().getString("status"));
    ServerRecord r = a.state().server(1).orElseThrow();
    assertEquals("10.0.0.9", r.host());
    assertEquals(23001, r.port());
    assertEquals(5000, r.joinTime());
    assertEquals(ServerStatus.ACTIVE, r.status());
  }

  @Test
  void joinRefusesMovingGroupsOrTakingAnotherServersAddress() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    assertEquals("EEXIST", error(s, ClusterCommands.joinServer(server(1, "g2", "10.0.0.1", 23000), 6000)));
    assertEquals("EEXIST", error(s, ClusterCommands.joinServer(server(2, "g1", "10.0.0.1", 23000), 6000)));
  }

  @Test
  void setStatusHonoursFromCondition() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    ClusterState.Applied a = s.apply(ClusterCommands.setStatus(1, ServerStatus.ACTIVE, List.of(ServerStatus.OFFLINE)));
    assertFalse(a.reply().getBoolean("changed"));
    assertSame(s, a.state());
    s = ok(s, ClusterCommands.setStatus(1, ServerStatus.OFFLINE, List.of(ServerStatus.ACTIVE)));
    assertEquals(ServerStatus.OFFLINE, s.server(1).orElseThrow().status());
    assertEquals("ENOENT", error(s, ClusterCommands.setStatus(9, ServerStatus.OFFLINE, List.of())));
  }

  @Test
  void bucketsNeedAnExistingGroupAndUniqueNames() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    assertEquals("ENOENT", error(s, ClusterCommands.putBucket("photos", "g9", "AK1", 1)));
    s = ok(s, ClusterCommands.putBucket("photos", "g1", "AK1", 42));
    assertEquals(new BucketRecord("photos", "g1", "AK1", 42), s.bucket("photos").orElseThrow());
    ClusterState.Applied dup = s.apply(ClusterCommands.putBucket("photos", "g1", "AK2", 43));
    assertEquals("EEXIST", dup.reply().getString("error"));
    assertEquals("AK1", dup.reply().getJsonObject("bucket").getString("owner"), "the existing owner is reported");
    s = ok(s, ClusterCommands.deleteBucket("photos"));
    assertTrue(s.bucket("photos").isEmpty());
    assertEquals("ENOENT", error(s, ClusterCommands.deleteBucket("photos")));
  }

  @Test
  void credentialsArePutReplacedAndDeleted() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.putCredential("AK1", "secret1", List.of("admin"), 10));
    assertTrue(s.credential("AK1").orElseThrow().enabled());
    s = ok(s, ClusterCommands.putCredential("AK1", "secret2", false, List.of("read:photos"), 20));
    CredentialRecord c = s.credential("AK1").orElseThrow();
    assertFalse(c.enabled());
    assertEquals("secret2", c.secretKey());
    assertEquals(List.of("read:photos"), c.grants());
    assertEquals(10, c.created());
    assertFalse(c.toString().contains("secret2"), "never print a secret");
    assertEquals("EINVAL", error(s, ClusterCommands.putCredential("AK2", "", List.of(), 1)));
    s = ok(s, ClusterCommands.deleteCredential("AK1"));
    assertTrue(s.credentials().isEmpty());
  }

  @Test
  void unknownOrMalformedCommandsAreRefusedWithoutThrowing() {
    assertEquals("EINVAL", error(ClusterState.EMPTY, new JsonObject().put("type", "launchRockets")));
    assertEquals("EINVAL", error(ClusterState.EMPTY, new JsonObject().put("type", "joinServer").put("serverId", "x")));
    assertEquals("EINVAL", error(ClusterState.EMPTY, new JsonObject()));
  }

  @Test
  void snapshotJsonRoundTrips() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 5000));
    s = ok(s, ClusterCommands.joinServer(server(7, "g2", "10.0.0.7", 23000), 5000));
    s = ok(s, ClusterCommands.setStatus(7, ServerStatus.OFFLINE, List.of()));
    s = ok(s, ClusterCommands.putBucket("b", "g2", "AK", 1));
    s = ok(s, ClusterCommands.putCredential("AK", "sk", List.of("x"), 2));
    ClusterState back = ClusterState.fromJson(new JsonObject(s.toJson().encode()));
    assertEquals(s, back);
    assertEquals(ServerStatus.OFFLINE, back.server(7).orElseThrow().status());
    assertEquals("sk", back.credential("AK").orElseThrow().secretKey());
  }
}
