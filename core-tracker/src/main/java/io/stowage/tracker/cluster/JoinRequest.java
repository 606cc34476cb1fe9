package io.stowage.tracker.cluster;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.placement.PathUsage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A STORAGE_JOIN or STORAGE_BEAT body, validated: {@code {"group","serverId","host","port",
 * "storePaths":[{"index","totalMb","freeMb"}],"version"}} plus optional {@code uploadPriority}
 * (default 10), {@code subdirCount} (default 256) and {@code upTime} (epoch seconds). A missing or
 * empty host means the address the request came from.
 */
public record JoinRequest(String group, int serverId, String host, int port, List<PathUsage> storePaths, String version,
    int uploadPriority, int subdirCount, long upTime, JsonObject syncProgress) {

  public static JoinRequest fromJson(JsonObject j, String remoteHost) {
    try {
      String group = j.getString("group");
      if (group == null || !group.matches("[A-Za-z0-9_]{1,16}")) {
        throw bad("group must be 1..16 of [A-Za-z0-9_]");
      }
      Integer id = j.getInteger("serverId");
      if (id == null || id < 1 || id > GeneratedName.MAX_SERVER_ID) {
        throw bad("serverId must be in 1.." + GeneratedName.MAX_SERVER_ID);
      }
      String host = j.getString("host");
      if (host == null || host.isBlank()) {
        host = remoteHost;
      }
      if (host.length() > Wire.IP_ADDR_LEN) {
        throw bad("host '" + host + "' does not fit FastDFS's " + Wire.IP_ADDR_LEN + "-byte address field");
      }
      Integer port = j.getInteger("port");
      if (port == null || port < 1 || port > 65535) {
        throw bad("port must be in 1..65535");
      }
      JsonArray a = j.getJsonArray("storePaths");
      if (a == null || a.isEmpty() || a.size() > 256) {
        throw bad("storePaths must list 1..256 paths");
      }
      List<PathUsage> paths = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < a.size(); i++) {
        JsonObject p = a.getJsonObject(i);
        int index = p.getInteger("index", -1);
        long total = p.getLong("totalMb", -1L);
        long free = p.getLong("freeMb", -1L);
        if (index < 0 || index >= a.size() || !seen.add(index)) {
          throw bad("store path indexes must be 0.." + (a.size() - 1) + ", each once");
        }
        if (total < 0 || free < 0 || free > total) {
          throw bad("store path " + index + " needs 0 <= freeMb <= totalMb");
        }
        paths.add(new PathUsage(index, total, free));
      }
      paths.sort(java.util.Comparator.comparingInt(PathUsage::index));
      String version = j.getString("version", "");
      if (version.length() > 32) {
        throw bad("version is over 32 characters");
      }
      int priority = j.getInteger("uploadPriority", 10);
      int subdirs = j.getInteger("subdirCount", 256);
      if (subdirs < 1 || subdirs > 256) {
        throw bad("subdirCount must be in 1..256");
      }
      JsonObject sync = j.getValue("syncProgress") instanceof JsonObject o ? o : null;
      return new JoinRequest(group, id, host, port, paths, version, priority, subdirs, j.getLong("upTime", 0L), sync);
    } catch (ClassCastException e) {
      throw bad("a field has the wrong JSON type");
    }
  }

  private static ProtoException bad(String message) {
    return new ProtoException(ErrorCode.EINVAL, message);
  }

  /** The durable record this join asks for (status and join time are decided when applied). */
  public ServerRecord toRecord() {
    List<StorePathTotal> totals = storePaths.stream().map(p -> new StorePathTotal(p.index(), p.totalMb())).toList();
    return new ServerRecord(serverId, group, host, port, ServerStatus.ACTIVE, totals, 0, uploadPriority, subdirCount, version);
  }

  /** Whether {@code r} already says everything this join would register. */
  public boolean sameAs(ServerRecord r) {
    ServerRecord mine = toRecord();
    return r.group().equals(group) && r.host().equals(host) && r.port() == port && r.storePaths().equals(mine.storePaths())
        && r.uploadPriority() == uploadPriority && r.subdirCount() == subdirCount && r.version().equals(version);
  }
}
