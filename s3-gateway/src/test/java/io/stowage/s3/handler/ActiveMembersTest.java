package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.HostPort;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveMembersTest {
  private static JsonObject state(String g1Status) {
    return new JsonObject("""
        {"groups":[
          {"name":"group1","servers":[
            {"host":"10.0.0.1","port":23000,"status":"ACTIVE"},
            {"host":"10.0.0.2","port":23000,"status":"%s"},
            {"host":"10.0.0.3","port":23001,"status":"ACTIVE"}]},
          {"name":"group2","servers":[{"host":"10.0.0.4","port":23000,"status":"OFFLINE"}]}]}
        """.formatted(g1Status));
  }

  @Test
  void onlyActiveMembersInTheAnswersOrder() {
    ActiveMembers m = ActiveMembers.of(state("SYNCING"), null);
    assertEquals(List.of(new HostPort("10.0.0.1", 23000), new HostPort("10.0.0.3", 23001)), m.of("group1"));
    assertEquals(List.of(), m.of("group2"));
    assertEquals(List.of(), m.of("group3"));
    assertTrue(m.isActive("group1", new HostPort("10.0.0.3", 23001)));
    assertFalse(m.isActive("group1", new HostPort("10.0.0.2", 23000)));
    assertFalse(m.isActive("group2", new HostPort("10.0.0.1", 23000)), "a member of another group");
  }

  @Test
  void aReadingIsReusedForTheSameAnswerOnly() {
    JsonObject first = state("SYNCING");
    ActiveMembers m = ActiveMembers.of(first, null);
    assertSame(m, ActiveMembers.of(first, m));
    ActiveMembers next = ActiveMembers.of(state("ACTIVE"), m);
    assertNotSame(m, next);
    assertEquals(3, next.of("group1").size(), "a newer answer is read afresh");
  }
}
