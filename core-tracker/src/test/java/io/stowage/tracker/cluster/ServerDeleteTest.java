package io.stowage.tracker.cluster;

import static io.stowage.tracker.cluster.ClusterStateTest.error;
import static io.stowage.tracker.cluster.ClusterStateTest.ok;
import static io.stowage.tracker.cluster.ClusterStateTest.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.ReservedSpace;
import io.stowage.tracker.placement.DownloadServerPolicy;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.PathUsage;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.placement.ServerView;
import io.stowage.tracker.placement.StoreLookupPolicy;
import io.stowage.tracker.placement.StorePathPolicy;
import io.stowage.tracker.placement.StoreServerPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DELETED status: who may be removed, and what a removed server gets afterwards. */
class ServerDeleteTest {
  /** g1 = {1 ACTIVE, 2 ACTIVE, 3 SYNCING}. */
  static ClusterState threeMembers() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 1000));
    s = ok(s, ClusterCommands.joinServer(server(2, "g1", "10.0.0.2", 23000), 1000));
    s = ok(s, ClusterCommands.syncDone(2));
    s = ok(s, ClusterCommands.joinServer(server(3, "g1", "10.0.0.3", 23000), 1000));
    return ok(s, ClusterCommands.syncStart(3));
  }

  @Test
  void theLastActiveMemberCannotBeDeleted() {
    ClusterState s = ok(ClusterState.EMPTY, ClusterCommands.joinServer(server(1, "g1", "10.0.0.1", 23000), 1000));
    assertEquals("EBUSY", error(s, ClusterCommands.deleteServer(1, 1)));
    assertEquals("EBUSY", error(s, ClusterCommands.deleteServer(1, 0)), "at least one ACTIVE member always stays");
    assertEquals("ENOENT", error(s, ClusterCommands.deleteServer(9, 1)));
  }

  @Test
  void anActiveMemberGoesOnlyWhileEnoughActiveMembersRemain() {
    ClusterState s = threeMembers();
    assertEquals("EBUSY", error(s, ClusterCommands.deleteServer(1, 2)), "min_write_replicas 2 needs two others ACTIVE");
    s = ok(s, ClusterCommands.deleteServer(1, 1));
    assertEquals(ServerStatus.DELETED, s.server(1).orElseThrow().status());
    assertEquals(1, s.server(1).orElseThrow().syncEpoch(), "a pending SYNC_DONE of the removed server must fail");
    assertEquals("EBUSY", error(s, ClusterCommands.deleteServer(2, 1)), "2 is now the last ACTIVE member");
  }

  @Test
  void aServerStillCopyingCanAlwaysGo() {
    ClusterState s = threeMembers();
    s = ok(s, ClusterCommands.deleteServer(3, 5));
    assertEquals(ServerStatus.DELETED, s.server(3).orElseThrow().status());
    ClusterState.Applied again = s.apply(ClusterCommands.deleteServer(3, 5));
    assertTrue(again.reply().getBoolean("ok"));
    assertFalse(again.reply().getBoolean("changed"), "deleting twice is a no-op");
    assertEquals("EINVAL", error(s, ClusterCommands.syncDone(3)), "a removed server never becomes ACTIVE by itself");
    s = ok(s, ClusterCommands.setStatus(3, ServerStatus.OFFLINE, List.of(ServerStatus.ACTIVE, ServerStatus.SYNCING)));
    assertEquals(ServerStatus.DELETED, s.server(3).orElseThrow().status(), "the heartbeat check leaves it alone");
  }

  @Test
  void anOfflineServerGoesOnlyWhileAnotherMemberIsActive() {
    ClusterState s = threeMembers();
    s = ok(s, ClusterCommands.setStatus(2, ServerStatus.OFFLINE, List.of()));
    s = ok(s, ClusterCommands.deleteServer(2, 1));
    assertEquals(ServerStatus.DELETED, s.server(2).orElseThrow().status(), "1 is ACTIVE and holds everything");
    s = ok(s, ClusterCommands.setStatus(1, ServerStatus.OFFLINE, List.of()));
    assertEquals("EBUSY", error(s, ClusterCommands.deleteServer(1, 1)), "the whole group is down: 1 may hold the only copy");
    s = ok(s, ClusterCommands.deleteServer(3, 1));
    assertEquals(ServerStatus.DELETED, s.server(3).orElseThrow().status(), "a member still copying holds nothing unique");
  }

  @Test
  void aDeletedServerRejoinsOnlyWithEmptyData() {
    ClusterState s = ok(threeMembers(), ClusterCommands.deleteServer(3, 1));
    ClusterState.Applied stale = s.apply(ClusterCommands.joinServer(server(3, "g1", "10.0.0.3", 23000), 2000, false));
    assertEquals("DELETED", stale.reply().getString("status"));
    assertEquals(ServerStatus.DELETED, stale.state().server(3).orElseThrow().status(), "old data may hold deleted files and keys");
    s = ok(s, ClusterCommands.joinServer(server(3, "g1", "10.0.0.3", 23000), 3000, true));
    assertEquals(ServerStatus.WAIT_SYNC, s.server(3).orElseThrow().status(), "back empty: a new member that copies the group");
    assertEquals(3000, s.server(3).orElseThrow().joinTime());
  }

  @Test
  void aReplacementMayTakeTheAddressOfADeletedServer() {
    ClusterState s = ok(threeMembers(), ClusterCommands.deleteServer(3, 1));
    s = ok(s, ClusterCommands.joinServer(server(4, "g1", "10.0.0.3", 23000), 2000));
    assertEquals(ServerStatus.WAIT_SYNC, s.server(4).orElseThrow().status());
    assertEquals("EEXIST", error(s, ClusterCommands.joinServer(server(5, "g1", "10.0.0.1", 23000), 2000)), "live addresses stay taken");
  }

  @Test
  void placementNeverPicksADeletedServerAndAGroupReserveCanFillAGroup() {
    ClusterState s = ok(threeMembers(), ClusterCommands.deleteServer(1, 1));
    SoftState soft = new SoftState();
    for (int id : List.of(1, 2, 3)) {
      soft.record(id, new SoftState.Beat(1, List.of(new PathUsage(0, 1000, 900)), 0, null));
    }
    s = ok(s, ClusterCommands.joinServer(server(7, "g2", "10.0.0.7", 23000), 1000));
    soft.record(7, new SoftState.Beat(1, List.of(new PathUsage(0, 1000, 900)), 0, null));
    List<GroupView> groups = ClusterViews.groups(s, soft);
    Placement p = new Placement(StoreLookupPolicy.ROUND_ROBIN, "", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.ROUND_ROBIN, new ReservedSpace(0, 1), Map.of("g2", new ReservedSpace(0, 95)));
    for (int i = 0; i < 6; i++) {
      var t = p.chooseStore(groups);
      assertEquals("g1", t.group().name(), "g2 is kept at its 95% reserve");
      assertEquals(2, t.server().serverId(), "1 is DELETED, 3 not in sync");
    }
    assertEquals(List.of(2), p.fetchAll(Placement.find(groups, "g1"), 1).stream().map(ServerView::serverId).toList());
    assertEquals("ENOSPC", assertThrowsCode(() -> p.chooseStore(groups, "g2")));
  }

  private static String assertThrowsCode(Runnable r) {
    try {
      r.run();
    } catch (io.stowage.common.proto.ProtoException e) {
      return e.code().name();
    }
    throw new AssertionError("no error");
  }
}
