package io.stowage.admin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
  static JsonObject state(int groups, int perGroup, long freeMb) {
    JsonArray gs = new JsonArray();
    int id = 1;
    for (int g = groups; g >= 1; g--) { // unsorted on purpose
      JsonArray ss = new JsonArray();
      for (int s = 0; s < perGroup; s++) {
        ss.add(new JsonObject().put("serverId", id).put("host", "10.0." + g + "." + s).put("port", 23000).put("status", id % 7 == 0 ? "OFFLINE" : "ACTIVE")
            .put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 1000).put("freeMb", freeMb - s)))
            .put("lastBeatMs", 1000L).put("syncProgress", new JsonObject().put("state", "IDLE").put("peers", new JsonArray()
                .add(new JsonObject().put("serverId", 9).put("behindBytes", 5)).add(new JsonObject().put("serverId", 8).put("behindBytes", 7)))));
        id++;
      }
      gs.add(new JsonObject().put("name", String.format("group%04d", g)).put("servers", ss));
    }
    return new JsonObject().put("leader", "t:1").put("groups", gs);
  }

  @Test
  void aThousandServersFlattenSortedWithGroupCapacityAndForecast() {
    ClusterView v = new ClusterView(new ClusterClient(new TrackerClient(null, List.of(new HostPort("t", 1)))), () -> 0);
    long t0 = System.nanoTime();
    ClusterView.Snapshot s = v.build(state(500, 2, 800), 0);
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
    assertEquals(1000, s.servers().size());
    assertEquals(500, s.groups().size());
    assertEquals("group0001", s.groups().get(0).name());
    assertEquals("group0001", s.servers().get(0).group());
    ClusterView.GroupRow g = s.groups().stream().filter(x -> x.active() == 2).findFirst().orElseThrow();
    assertEquals(1000L << 20, g.totalBytes());
    assertEquals(799L << 20, g.freeBytes(), "least free ACTIVE member");
    assertNull(g.daysToFull());
    assertEquals(7L, s.servers().get(0).syncBehindBytes(), "the most behind of its peers");
    assertEquals("IDLE", s.servers().get(0).syncState());
    // Ten minutes later 100 MB less free on every server: about 55.5 days at that pace... per member.
    v.build(state(500, 2, 750), 300_000);
    ClusterView.Snapshot later = v.build(state(500, 2, 700), 600_000);
    ClusterView.ServerRow r = later.servers().get(0);
    // 100 MB per 10 min = 14,400 MB/day; 700 MB (or 699) left: ~0.0486 days.
    assertEquals((700.0 - (r.serverId() % 2 == 0 ? 1 : 0)) / 14_400, r.daysToFull(), 0.001);
    assertTrue(later.groups().get(0).daysToFull() != null);
  }
}
