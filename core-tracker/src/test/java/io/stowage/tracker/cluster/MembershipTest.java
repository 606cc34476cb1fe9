package io.stowage.tracker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MembershipTest {
  /** Applies commands directly (the Raft path is covered by the component tests). */
  static final class DirectStore implements ClusterStore {
    ClusterState state = ClusterState.EMPTY;
    boolean leader = true;
    int submitted;

    public ClusterState state() {
      return state;
    }

    public Future<JsonObject> submit(JsonObject command) {
      submitted++;
      ClusterState.Applied a = state.apply(command);
      state = a.state();
      return a.reply().getBoolean("ok") ? Future.succeededFuture(a.reply())
          : Future.failedFuture(new ProtoException(ErrorCode.valueOf(a.reply().getString("error")), "refused"));
    }

    public boolean isLeader() {
      return leader;
    }
  }

  final DirectStore store = new DirectStore();
  final SoftState soft = new SoftState();
  final AtomicLong now = new AtomicLong(1_000_000);
  final Membership m = new Membership(store, soft, Duration.ofSeconds(30), now::get);

  static JoinRequest join(int id, String group, long freeMb) {
    JsonObject j = new JsonObject().put("group", group).put("serverId", id).put("port", 23000).put("version", "0.1")
        .put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 1000).put("freeMb", freeMb)));
    return JoinRequest.fromJson(j, "10.0.0." + id);
  }

  ServerStatus status(int id) {
    return store.state().server(id).orElseThrow().status();
  }

  @Test
  void joinMakesServerActiveAndRecordsUsage() {
    assertEquals(ServerStatus.ACTIVE, m.join(join(1, "g1", 700)).result());
    assertEquals(ServerStatus.ACTIVE, status(1));
    assertEquals("10.0.0.1", store.state().server(1).orElseThrow().host(), "missing host = the caller's address");
    assertEquals(700, soft.beat(1).orElseThrow().paths().get(0).freeMb());
    assertEquals(now.get(), soft.beat(1).orElseThrow().lastBeatMs());
  }

  @Test
  void identicalRejoinOfActiveServerSkipsRaft() {
    m.join(join(1, "g1", 700));
    int before = store.submitted;
    m.join(join(1, "g1", 600));
    assertEquals(before, store.submitted);
    assertEquals(600, soft.beat(1).orElseThrow().paths().get(0).freeMb());
  }

  @Test
  void beatUpdatesSoftStateOnly() {
    m.join(join(1, "g1", 700));
    int before = store.submitted;
    now.addAndGet(5000);
    assertEquals(ServerStatus.ACTIVE, m.beat(join(1, "g1", 650)).result());
    assertEquals(before, store.submitted);
    assertEquals(650, soft.beat(1).orElseThrow().paths().get(0).freeMb());
    assertEquals(now.get(), soft.beat(1).orElseThrow().lastBeatMs());
  }

  @Test
  void beatFromUnknownServerIsEnoent() {
    Throwable e = m.beat(join(9, "g1", 1)).cause();
    assertEquals(ErrorCode.ENOENT, ((ProtoException) e).code());
  }

  @Test
  void silentServersGoOfflineAndComeBackOnTheirNextBeat() {
    m.join(join(1, "g1", 700));
    assertEquals(ServerStatus.WAIT_SYNC, m.join(join(2, "g1", 700)).result());
    assertEquals(ServerStatus.ACTIVE, m.syncDone(2).result());
    m.checkTimeouts(); // leader since now
    now.addAndGet(20_000);
    m.beat(join(2, "g1", 700));
    now.addAndGet(10_000);
    assertEquals(List.of(1), m.checkTimeouts().result());
    assertEquals(ServerStatus.OFFLINE, status(1));
    assertEquals(ServerStatus.ACTIVE, status(2));
    assertEquals(List.of(), m.checkTimeouts().result(), "an OFFLINE server is not marked again");
    assertEquals(ServerStatus.SYNCING, m.beat(join(1, "g1", 700)).result(), "back from downtime: it may have missed writes");
    assertEquals(ServerStatus.ACTIVE, m.syncDone(1).result());
    assertEquals(ServerStatus.ACTIVE, status(1));
  }

  @Test
  void onlyTheLeaderMarksAndANewLeaderGivesAGracePeriod() {
    m.join(join(1, "g1", 700));
    store.leader = false;
    now.addAndGet(60_000);
    assertTrue(m.checkTimeouts().result().isEmpty());
    assertEquals(ServerStatus.ACTIVE, status(1));
    store.leader = true;
    assertTrue(m.checkTimeouts().result().isEmpty(), "just became leader: the server gets a full timeout to beat");
    now.addAndGet(30_000);
    assertEquals(List.of(1), m.checkTimeouts().result());
  }

  @Test
  void badJoinBodiesAreEinval() {
    JsonObject good = new JsonObject().put("group", "g1").put("serverId", 1).put("port", 23000)
        .put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 10).put("freeMb", 5)));
    JoinRequest.fromJson(good, "10.0.0.1");
    for (JsonObject bad : List.of(good.copy().put("group", "no-dash"), good.copy().put("serverId", 0),
        good.copy().put("serverId", 1 << 24), good.copy().put("port", 0), good.copy().put("storePaths", new JsonArray()),
        good.copy().put("host", "2001:db8::1234:5678:9abc"), good.copy().put("serverId", "one"),
        good.copy().put("storePaths", new JsonArray().add(new JsonObject().put("index", 1).put("totalMb", 10).put("freeMb", 5))),
        good.copy().put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 10).put("freeMb", 50))))) {
      ProtoException e = org.junit.jupiter.api.Assertions.assertThrows(ProtoException.class, () -> JoinRequest.fromJson(bad, "10.0.0.1"),
          bad.encode());
      assertEquals(ErrorCode.EINVAL, e.code());
    }
  }
}
