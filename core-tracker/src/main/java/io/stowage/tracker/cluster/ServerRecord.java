package io.stowage.tracker.cluster;

import io.stowage.common.cluster.ServerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A storage server's durable membership record, changed only through Raft. Times in epoch ms.
 * {@code syncEpoch} counts the failed writes reported against the server (REPORT_OUT_OF_SYNC): a
 * SYNC_DONE made with an older epoch is refused, since the server may have missed that write.
 */
public record ServerRecord(int serverId, String group, String host, int port, ServerStatus status, List<StorePathTotal> storePaths,
    long joinTime, int uploadPriority, int subdirCount, String version, long syncEpoch) {

  public ServerRecord(int serverId, String group, String host, int port, ServerStatus status, List<StorePathTotal> storePaths,
      long joinTime, int uploadPriority, int subdirCount, String version) {
    this(serverId, group, host, port, status, storePaths, joinTime, uploadPriority, subdirCount, version, 0);
  }

  public ServerRecord {
    storePaths = List.copyOf(storePaths);
  }

  public ServerRecord withStatus(ServerStatus s) {
    return new ServerRecord(serverId, group, host, port, s, storePaths, joinTime, uploadPriority, subdirCount, version, syncEpoch);
  }

  public ServerRecord withSyncEpoch(long e) {
    return new ServerRecord(serverId, group, host, port, status, storePaths, joinTime, uploadPriority, subdirCount, version, e);
  }

  public JsonObject toJson() {
    JsonArray paths = new JsonArray();
    storePaths.forEach(p -> paths.add(p.toJson()));
    return new JsonObject().put("serverId", serverId).put("group", group).put("host", host).put("port", port)
        .put("status", status.name()).put("storePaths", paths).put("joinTime", joinTime)
        .put("uploadPriority", uploadPriority).put("subdirCount", subdirCount).put("version", version).put("syncEpoch", syncEpoch);
  }

  public static ServerRecord fromJson(JsonObject j) {
    List<StorePathTotal> paths = new ArrayList<>();
    JsonArray a = j.getJsonArray("storePaths", new JsonArray());
    for (int i = 0; i < a.size(); i++) {
      paths.add(StorePathTotal.fromJson(a.getJsonObject(i)));
    }
    return new ServerRecord(j.getInteger("serverId"), j.getString("group"), j.getString("host"), j.getInteger("port"),
        ServerStatus.valueOf(j.getString("status")), paths, j.getLong("joinTime", 0L), j.getInteger("uploadPriority", 10),
        j.getInteger("subdirCount", 256), j.getString("version", ""), j.getLong("syncEpoch", 0L));
  }
}
