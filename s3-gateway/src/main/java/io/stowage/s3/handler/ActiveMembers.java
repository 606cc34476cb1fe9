package io.stowage.s3.handler;

import io.stowage.common.config.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ACTIVE members of each group in one cluster-state answer, read out of its JSON once: every
 * object request picks an index server, and walking the JSON (and building addresses) per request
 * showed in GET profiles.
 */
final class ActiveMembers {
  private final JsonObject state;
  private final Map<String, List<HostPort>> byGroup;

  private ActiveMembers(JsonObject state, Map<String, List<HostPort>> byGroup) {
    this.state = state;
    this.byGroup = byGroup;
  }

  /** {@code cached} when it was read from this very answer, else a fresh reading of it. */
  static ActiveMembers of(JsonObject state, ActiveMembers cached) {
    if (cached != null && cached.state == state) {
      return cached;
    }
    Map<String, List<HostPort>> byGroup = new HashMap<>();
    JsonArray groups = state.getJsonArray("groups", new JsonArray());
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      List<HostPort> active = new ArrayList<>();
      JsonArray servers = g.getJsonArray("servers", new JsonArray());
      for (int j = 0; j < servers.size(); j++) {
        JsonObject srv = servers.getJsonObject(j);
        if ("ACTIVE".equals(srv.getString("status"))) {
          active.add(new HostPort(srv.getString("host"), srv.getInteger("port")));
        }
      }
      byGroup.put(g.getString("name"), List.copyOf(active));
    }
    return new ActiveMembers(state, byGroup);
  }

  /** The group's ACTIVE members in the answer's order; empty for an unknown group. */
  List<HostPort> of(String group) {
    return byGroup.getOrDefault(group, List.of());
  }

  boolean isActive(String group, HostPort server) {
    return of(group).contains(server);
  }
}
