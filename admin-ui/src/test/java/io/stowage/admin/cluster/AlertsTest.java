package io.stowage.admin.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {
  private static JsonObject server(int id, String status) {
    return new JsonObject().put("serverId", id).put("host", "10.0.0." + id).put("port", 23000).put("status", status)
        .put("storePaths", new JsonArray().add(new JsonObject().put("index", 0).put("totalMb", 1000).put("freeMb", 900)))
        .put("lastBeatMs", 1000L);
  }

  @Test
  void anOfflineServerAlertsButADeletedOneDoesNot() {
    JsonObject state = new JsonObject().put("groups", new JsonArray().add(new JsonObject().put("name", "group1")
        .put("servers", new JsonArray().add(server(1, "ACTIVE")).add(server(2, "DELETED")).add(server(3, "OFFLINE")))));
    ClusterView v = new ClusterView(new ClusterClient(new TrackerClient(null, List.of(new HostPort("t", 1)))), () -> 0);
    JsonObject a = Alerts.compute(v.build(state, 0), 2000);
    List<String> targets = a.getJsonArray("alerts").stream().map(x -> ((JsonObject) x).getString("target")).toList();
    assertEquals(List.of("group1/3 (10.0.0.3:23000)"), targets, "DELETED is an administrator's choice, not a fault");
  }
}
