package io.stowage.tracker.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.ReservedSpace;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
  static final ReservedSpace ONE_PERCENT = new ReservedSpace(0, 1);

  static ServerView server(int id, String group, String host, ServerStatus status, int priority, PathUsage... paths) {
    return new ServerView(id, group, host, 23000, status, priority, List.of(paths), 1);
  }

  static ServerView active(int id, String group, String host, long freeMb) {
    return server(id, group, host, ServerStatus.ACTIVE, 10, new PathUsage(0, 1000, freeMb));
  }

  static Placement placement(StoreLookupPolicy lookup, String group, StoreServerPolicy server, StorePathPolicy path,
      DownloadServerPolicy download, ReservedSpace reserved) {
    return new Placement(lookup, group, server, path, download, reserved);
  }

  static Placement defaults(StoreLookupPolicy lookup) {
    return placement(lookup, "g2", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN, DownloadServerPolicy.ROUND_ROBIN, ONE_PERCENT);
  }

  final List<GroupView> groups = List.of(
      new GroupView("g1", List.of(active(1, "g1", "10.0.0.1", 100), active(2, "g1", "10.0.0.2", 300))),
      new GroupView("g2", List.of(active(3, "g2", "10.0.0.3", 500))),
      new GroupView("g3", List.of(active(4, "g3", "10.0.0.4", 200))));

  @Test
  void loadBalanceChoosesGroupWithMostFreeSpaceCountingItsFullestMember() {
    // g1's free space is its least free member's (100), so g2 (500) wins, then g3 (200) over g1
    assertEquals("g2", defaults(StoreLookupPolicy.LOAD_BALANCE).chooseStore(groups).group().name());
    assertEquals("g3", defaults(StoreLookupPolicy.LOAD_BALANCE).chooseStore(List.of(groups.get(0), groups.get(2))).group().name());
  }

  @Test
  void roundRobinCyclesThroughWritableGroups() {
    Placement p = defaults(StoreLookupPolicy.ROUND_ROBIN);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      seen.add(p.chooseStore(groups).group().name());
    }
    assertEquals(List.of("g1", "g2", "g3", "g1"), seen);
  }

  @Test
  void specifyGroupAlwaysUsesStoreGroupAndFailsWhenUnknownOrFull() {
    Placement p = defaults(StoreLookupPolicy.SPECIFY_GROUP);
    assertEquals("g2", p.chooseStore(groups).group().name());
    Placement unknown = placement(StoreLookupPolicy.SPECIFY_GROUP, "nope", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.ROUND_ROBIN, ONE_PERCENT);
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> unknown.chooseStore(groups)).code());
    List<GroupView> full = List.of(new GroupView("g2", List.of(active(3, "g2", "10.0.0.3", 5))));
    assertEquals(ErrorCode.ENOSPC, assertThrows(ProtoException.class, () -> p.chooseStore(full)).code());
  }

  @Test
  void reservedSpaceStopsWritesBelowThreshold() {
    ReservedSpace tenPercent = new ReservedSpace(0, 10);
    assertTrue(new PathUsage(0, 1000, 101).writable(tenPercent));
    assertFalse(new PathUsage(0, 1000, 100).writable(tenPercent));
    ReservedSpace twoGig = new ReservedSpace(2L << 30, 0);
    assertFalse(new PathUsage(0, 100_000, 2048).writable(twoGig));
    assertTrue(new PathUsage(0, 100_000, 2049).writable(twoGig));
    // a group with one full member takes no writes: each write lands on every member
    GroupView g = new GroupView("g", List.of(active(1, "g", "10.0.0.1", 500), active(2, "g", "10.0.0.2", 50)));
    assertFalse(g.writable(tenPercent));
    Placement p = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.ROUND_ROBIN, tenPercent);
    assertEquals(ErrorCode.ENOSPC, assertThrows(ProtoException.class, () -> p.chooseStore(List.of(g))).code());
  }

  @Test
  void offlineAndUnreportedServersAreNotWritableButOfflineMembersDoNotBlockTheGroup() {
    ServerView offline = server(5, "g", "10.0.0.5", ServerStatus.OFFLINE, 10, new PathUsage(0, 1000, 0));
    ServerView unreported = server(6, "g", "10.0.0.6", ServerStatus.ACTIVE, 10);
    assertFalse(unreported.writable(ONE_PERCENT));
    GroupView g = new GroupView("g", List.of(active(1, "g", "10.0.0.1", 500), offline));
    assertTrue(g.writable(ONE_PERCENT));
    Placement p = defaults(StoreLookupPolicy.LOAD_BALANCE);
    for (int i = 0; i < 3; i++) {
      assertEquals(1, p.chooseStore(List.of(g)).server().serverId());
    }
    assertFalse(new GroupView("g", List.of(offline)).writable(ONE_PERCENT));
    assertFalse(new GroupView("g", List.of(active(1, "g", "10.0.0.1", 500), unreported)).writable(ONE_PERCENT));
  }

  @Test
  void storeServerPolicies() {
    GroupView g = new GroupView("g", List.of(
        server(1, "g", "10.0.0.10", ServerStatus.ACTIVE, 5, new PathUsage(0, 1000, 500)),
        server(2, "g", "10.0.0.9", ServerStatus.ACTIVE, 1, new PathUsage(0, 1000, 500)),
        server(3, "g", "10.0.0.11", ServerStatus.ACTIVE, 9, new PathUsage(0, 1000, 500))));
    Placement rr = defaults(StoreLookupPolicy.LOAD_BALANCE);
    assertEquals(List.of(1, 2, 3, 1), List.of(rr.chooseStore(g).server().serverId(), rr.chooseStore(g).server().serverId(),
        rr.chooseStore(g).server().serverId(), rr.chooseStore(g).server().serverId()));
    Placement byIp = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.FIRST_BY_IP, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.ROUND_ROBIN, ONE_PERCENT);
    assertEquals(2, byIp.chooseStore(g).server().serverId(), "10.0.0.9 sorts before 10.0.0.10 numerically");
    Placement byPriority = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.FIRST_BY_PRIORITY, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.ROUND_ROBIN, ONE_PERCENT);
    assertEquals(2, byPriority.chooseStore(g).server().serverId());
  }

  @Test
  void storePathPoliciesSkipFullPaths() {
    ServerView s = server(1, "g", "10.0.0.1", ServerStatus.ACTIVE, 10,
        new PathUsage(0, 1000, 200), new PathUsage(1, 1000, 5), new PathUsage(2, 1000, 700));
    Placement rr = defaults(StoreLookupPolicy.LOAD_BALANCE);
    assertEquals(List.of(0, 2, 0), List.of(rr.choosePath(s), rr.choosePath(s), rr.choosePath(s)));
    assertEquals(0, rr.currentWritePath(1));
    Placement most = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.LOAD_BALANCE,
        DownloadServerPolicy.ROUND_ROBIN, ONE_PERCENT);
    assertEquals(2, most.choosePath(s));
    assertEquals(2, most.chooseStore(new GroupView("g", List.of(s))).storePathIndex());
  }

  @Test
  void downloadAndUpdateChoices() {
    GroupView g = new GroupView("g", List.of(active(1, "g", "10.0.0.1", 500), active(2, "g", "10.0.0.2", 500),
        server(3, "g", "10.0.0.3", ServerStatus.OFFLINE, 10, new PathUsage(0, 1000, 500))));
    Placement rr = defaults(StoreLookupPolicy.LOAD_BALANCE);
    assertEquals(List.of(1, 2, 1), List.of(rr.chooseFetch(g, 2).serverId(), rr.chooseFetch(g, 2).serverId(), rr.chooseFetch(g, 2).serverId()));
    Placement sourceFirst = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.ROUND_ROBIN, StorePathPolicy.ROUND_ROBIN,
        DownloadServerPolicy.SOURCE_FIRST, ONE_PERCENT);
    assertEquals(2, sourceFirst.chooseFetch(g, 2).serverId());
    assertEquals(2, sourceFirst.chooseFetch(g, 2).serverId());
    // source offline: any serving member
    assertTrue(List.of(1, 2).contains(sourceFirst.chooseFetch(g, 3).serverId()));
    assertEquals(2, rr.chooseUpdate(g, 2).serverId());
    assertTrue(List.of(1, 2).contains(rr.chooseUpdate(g, 3).serverId()));
    assertEquals(List.of(2, 1), sourceFirst.fetchAll(g, 2).stream().map(ServerView::serverId).toList());
    GroupView dead = new GroupView("g", List.of(server(3, "g", "10.0.0.3", ServerStatus.OFFLINE, 10)));
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> rr.chooseFetch(dead, 3)).code());
    assertEquals(ErrorCode.ENOENT, assertThrows(ProtoException.class, () -> rr.chooseUpdate(dead, 3)).code());
  }

  @Test
  void membersOutsideTheInSyncSetNeverServeReadsUpdatesOrWrites() {
    for (ServerStatus s : List.of(ServerStatus.WAIT_SYNC, ServerStatus.SYNCING, ServerStatus.OFFLINE)) {
      GroupView g = new GroupView("g", List.of(active(1, "g", "10.0.0.1", 500),
          server(2, "g", "10.0.0.2", s, 1, new PathUsage(0, 1000, 900))));
      Placement sourceFirst = placement(StoreLookupPolicy.LOAD_BALANCE, "", StoreServerPolicy.FIRST_BY_PRIORITY,
          StorePathPolicy.ROUND_ROBIN, DownloadServerPolicy.SOURCE_FIRST, ONE_PERCENT);
      for (int i = 0; i < 4; i++) {
        assertEquals(1, sourceFirst.chooseFetch(g, 2).serverId(), s + " source must not serve reads");
        assertEquals(1, sourceFirst.chooseUpdate(g, 2).serverId(), s + " source must not take updates");
        assertEquals(1, sourceFirst.chooseStore(g).server().serverId(), s + " member must not take uploads");
      }
      assertEquals(List.of(1), sourceFirst.fetchAll(g, 2).stream().map(ServerView::serverId).toList());
    }
  }

  @Test
  void noGroupsMeansNoSpace() {
    assertEquals(ErrorCode.ENOSPC, assertThrows(ProtoException.class, () -> defaults(StoreLookupPolicy.LOAD_BALANCE).chooseStore(List.of())).code());
  }
}
