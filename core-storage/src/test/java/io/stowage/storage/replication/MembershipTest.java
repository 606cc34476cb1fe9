package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Answers from several trackers: the newest state (by Raft index) wins, whatever order they arrive in. */
class MembershipTest {
  private static JsonObject answer(long index, String peerStatus) {
    JsonArray members = new JsonArray()
        .add(new JsonObject().put("serverId", 1).put("host", "127.0.0.1").put("port", 23001).put("status", "ACTIVE"))
        .add(new JsonObject().put("serverId", 2).put("host", "127.0.0.1").put("port", 23002).put("status", peerStatus));
    JsonObject a = new JsonObject().put("status", "ACTIVE").put("members", members).put("minWriteReplicas", 1);
    return index < 0 ? a : a.put("stateIndex", index);
  }

  private static ServerStatus peer(Membership m) {
    return m.view().members().stream().filter(x -> x.serverId() == 2).findFirst().orElseThrow().status();
  }

  @Test
  void theWriteLeaseRunsOutWhenNoTrackerHasAnsweredForItsLength() {
    long[] now = {1_000};
    Membership m = new Membership(() -> now[0]);
    now[0] = 500_000;
    assertFalse(m.writeLeaseExpired(10_000), "never answered yet: not joined, no lease to lose");
    m.trackerAnswered();
    now[0] += 10_000;
    assertFalse(m.writeLeaseExpired(10_000));
    now[0] += 1;
    assertTrue(m.writeLeaseExpired(10_000), "silent past the lease, e.g. after SIGSTOP");
    m.trackerAnswered();
    assertFalse(m.writeLeaseExpired(10_000), "the next answer renews it");
  }

  @Test
  void aLaggingTrackersAnswerDoesNotRollTheViewBack() {
    Membership m = new Membership();
    assertTrue(m.accept(answer(10, "SYNCING")));
    assertTrue(m.accept(answer(12, "ACTIVE")));
    assertFalse(m.accept(answer(11, "SYNCING")), "a follower still at index 11");
    assertEquals(ServerStatus.ACTIVE, peer(m));
    assertEquals(12, m.stateIndex());
    assertTrue(m.accept(answer(12, "ACTIVE")), "the same state again is fine");
  }

  @Test
  void aCommittedReportIsNotUndoneByAnOlderBeatAnswer() {
    Membership m = new Membership();
    m.accept(answer(20, "ACTIVE"));
    // the replicator reported peer 2 out of sync; the report was applied at index 25
    m.observeIndex(25);
    m.update(v -> v.without(2, ServerStatus.SYNCING));
    assertFalse(m.accept(answer(24, "ACTIVE")));
    assertEquals(ServerStatus.SYNCING, peer(m));
    assertTrue(m.accept(answer(26, "SYNCING")));
  }

  @Test
  void answersWithoutAnIndexAreAlwaysApplied() {
    Membership m = new Membership();
    m.accept(answer(5, "ACTIVE"));
    assertTrue(m.accept(answer(-1, "SYNCING")));
    assertEquals(ServerStatus.SYNCING, peer(m));
  }
}
