package io.stowage.tracker.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Request;
import io.stowage.tracker.cluster.ServerRecord;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.PathUsage;
import io.stowage.tracker.placement.ServerView;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * CLUSTER_STATE (203), internal: the cluster view as JSON, {@code {"leader","leaderId","groups":[{"name",
 * "servers":[{"serverId","host","port","status","storePaths":[{"index","totalMb","freeMb"}],
 * "lastBeatMs","syncProgress"?,"scrub"?}]}]}} ({@code scrub}: the server's scrub counts; {@code syncProgress}: what the server last reported of its
 * catch-up, see docs/replication.md). Store paths carry this tracker's last reported usage ({@code freeMb} absent
 * when it has not heard from the server yet); {@code lastBeatMs} is 0 then.
 */
public final class ClusterStateHandler implements CommandHandler {
  private final TrackerServices services;

  public ClusterStateHandler(TrackerServices services) {
    this.services = services;
  }

  @Override
  public Future<Void> handle(Request req) {
    return req.readRest(StorageJoinHandler.MAX_BODY).compose(body -> {
      TrackerServices.json(body);
      return req.ok(Buffer.buffer(render(services).encode()));
    });
  }

  public static JsonObject render(TrackerServices services) {
    JsonArray groups = new JsonArray();
    for (GroupView g : services.groups()) {
      JsonArray servers = new JsonArray();
      for (ServerView s : g.servers()) {
        JsonArray paths = new JsonArray();
        if (!s.paths().isEmpty()) {
          for (PathUsage p : s.paths()) {
            paths.add(new JsonObject().put("index", p.index()).put("totalMb", p.totalMb()).put("freeMb", p.freeMb()));
          }
        } else {
          ServerRecord r = services.store().state().server(s.serverId()).orElse(null);
          if (r != null) {
            r.storePaths().forEach(p -> paths.add(new JsonObject().put("index", p.index()).put("totalMb", p.totalMb())));
          }
        }
        JsonObject server = new JsonObject().put("serverId", s.serverId()).put("host", s.host()).put("port", s.port())
            .put("status", s.status().name()).put("storePaths", paths).put("lastBeatMs", s.lastBeatMs());
        services.soft().beat(s.serverId()).map(b -> b.syncProgress()).ifPresent(p -> server.put("syncProgress", p.copy()));
        services.soft().scrub(s.serverId()).ifPresent(c -> server.put("scrub", c.copy()));
        servers.add(server);
      }
      groups.add(new JsonObject().put("name", g.name()).put("servers", servers));
    }
    return services.leader().get().copy().put("groups", groups);
  }
}
