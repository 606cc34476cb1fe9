package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.common.cluster.ServerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupMembersTest {
  static JsonObject member(int id, String status) {
    return new JsonObject().put("serverId", id).put("host", "127.0.0.1").put("port", 23000 + id).put("status", status);
  }

  @Test
  void parsesTheBeatAnswerAndSplitsInSyncFromCatchingUp() {
    JsonObject answer = new JsonObject().put("status", "ACTIVE").put("minWriteReplicas", 2).put("members",
        new JsonArray().add(member(1, "ACTIVE")).add(member(2, "ACTIVE")).add(member(3, "SYNCING")).add(member(4, "OFFLINE"))
            .add(member(5, "WAIT_SYNC")));
    GroupMembers g = GroupMembers.fromAnswer(answer, GroupMembers.UNKNOWN);
    assertEquals(ServerStatus.ACTIVE, g.self());
    assertEquals(2, g.minWriteReplicas());
    assertEquals(List.of(2), g.inSyncPeers(1).stream().map(GroupMembers.Member::serverId).toList());
    assertEquals(List.of(3, 5), g.catchingUpPeers(1).stream().map(GroupMembers.Member::serverId).toList());
    GroupMembers out = g.without(2, ServerStatus.SYNCING);
    assertEquals(List.of(), out.inSyncPeers(1));
  }

  @Test
  void anAnswerWithoutMembersKeepsThePreviousOnes() {
    GroupMembers g = GroupMembers.fromAnswer(new JsonObject().put("members", new JsonArray().add(member(2, "ACTIVE"))),
        GroupMembers.UNKNOWN);
    GroupMembers next = GroupMembers.fromAnswer(new JsonObject().put("status", "SYNCING"), g);
    assertEquals(ServerStatus.SYNCING, next.self());
    assertEquals(1, next.members().size());
    assertEquals(1, next.minWriteReplicas());
  }

  @Test
  void membershipRemembersStatusChanges() {
    Membership m = new Membership();
    m.update(v -> GroupMembers.fromAnswer(new JsonObject().put("status", "SYNCING"), v));
    m.update(v -> GroupMembers.fromAnswer(new JsonObject().put("status", "SYNCING"), v));
    m.update(v -> GroupMembers.fromAnswer(new JsonObject().put("status", "ACTIVE"), v));
    assertEquals(List.of(ServerStatus.SYNCING, ServerStatus.ACTIVE), m.history());
  }
}
