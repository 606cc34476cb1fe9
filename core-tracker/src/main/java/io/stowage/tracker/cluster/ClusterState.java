package io.stowage.tracker.cluster;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The durable cluster state replicated through Raft: storage servers by ID (each in one group),
 * buckets by name, credentials by access key. Immutable: {@link #apply} returns a new state (copying
 * only the map a command changes), so event loops read a consistent state without locks while the
 * Raft thread applies commands. Groups are derived from the servers' group names.
 *
 * <p>Only membership and status live here. Per-heartbeat facts (free space, last beat time) are soft
 * state kept by each tracker ({@link SoftState}); they would otherwise put one Raft write per beat
 * per server into the log.
 */
public final class ClusterState {
  public static final ClusterState EMPTY = new ClusterState(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  public static final int FORMAT = 1;

  private final SortedMap<Integer, ServerRecord> servers;
  private final SortedMap<String, BucketRecord> buckets;
  private final SortedMap<String, CredentialRecord> credentials;

  private ClusterState(SortedMap<Integer, ServerRecord> servers, SortedMap<String, BucketRecord> buckets,
      SortedMap<String, CredentialRecord> credentials) {
    this.servers = Collections.unmodifiableSortedMap(servers);
    this.buckets = Collections.unmodifiableSortedMap(buckets);
    this.credentials = Collections.unmodifiableSortedMap(credentials);
  }

  /** The outcome of applying one command. */
  public record Applied(ClusterState state, JsonObject reply) {}

  public SortedMap<Integer, ServerRecord> servers() {
    return servers;
  }

  public Optional<ServerRecord> server(int serverId) {
    return Optional.ofNullable(servers.get(serverId));
  }

  /** Group name -> its servers by ID, groups sorted by name. */
  public SortedMap<String, List<ServerRecord>> groups() {
    SortedMap<String, List<ServerRecord>> g = new TreeMap<>();
    servers.values().forEach(s -> g.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s));
    return g;
  }

  public boolean hasGroup(String name) {
    return servers.values().stream().anyMatch(s -> s.group().equals(name));
  }

  public SortedMap<String, BucketRecord> buckets() {
    return buckets;
  }

  public Optional<BucketRecord> bucket(String name) {
    return Optional.ofNullable(buckets.get(name));
  }

  public SortedMap<String, CredentialRecord> credentials() {
    return credentials;
  }

  public Optional<CredentialRecord> credential(String accessKey) {
    return Optional.ofNullable(credentials.get(accessKey));
  }

  /** Applies one command. Never throws: a bad command answers an error and changes nothing. */
  public Applied apply(JsonObject cmd) {
    try {
      String type = cmd.getString("type", "");
      return switch (type) {
        case ClusterCommands.JOIN_SERVER -> joinServer(cmd);
        case ClusterCommands.SET_STATUS -> setStatus(cmd);
        case ClusterCommands.REMOVE_SERVER -> removeServer(cmd);
        case ClusterCommands.RESUME_SERVER -> resumeServer(cmd);
        case ClusterCommands.SYNC_DONE -> syncDone(cmd);
        case ClusterCommands.SYNC_START -> syncStart(cmd);
        case ClusterCommands.OUT_OF_SYNC -> outOfSync(cmd);
        case ClusterCommands.DELETE_SERVER -> deleteServer(cmd);
        case ClusterCommands.PUT_BUCKET -> putBucket(cmd);
        case ClusterCommands.DELETE_BUCKET -> deleteBucket(cmd);
        case ClusterCommands.PUT_CREDENTIAL -> putCredential(cmd);
        case ClusterCommands.DELETE_CREDENTIAL -> deleteCredential(cmd);
        default -> error(ErrorCode.EINVAL, "unknown command type '" + type + "'");
      };
    } catch (RuntimeException e) {
      // ClassCastException, NullPointerException, IllegalArgumentException from a malformed command
      return error(ErrorCode.EINVAL, "malformed command: " + e);
    }
  }

  private Applied joinServer(JsonObject cmd) {
    int id = cmd.getInteger("serverId");
    String group = cmd.getString("group");
    String host = cmd.getString("host");
    int port = cmd.getInteger("port");
    ServerRecord old = servers.get(id);
    if (old != null && !old.group().equals(group)) {
      return error(ErrorCode.EEXIST, "server " + id + " belongs to group " + old.group());
    }
    for (ServerRecord s : servers.values()) {
      // a DELETED server's address may be reused by its replacement
      if (s.serverId() != id && s.status() != ServerStatus.DELETED && s.host().equals(host) && s.port() == port) {
        return error(ErrorCode.EEXIST, host + ":" + port + " is server " + s.serverId());
      }
    }
    if (old != null && old.status() == ServerStatus.DELETED) {
      if (!cmd.getBoolean("fresh", false)) {
        // its old data may hold files and keys deleted since: it must come back empty
        return ok(this, new JsonObject().put("status", ServerStatus.DELETED.name()).put("joinTime", old.joinTime()));
      }
      // back with an empty data directory: a new member, copying everything first; the epoch moves on
      // so nothing it sent before its deletion can still count
      ServerStatus status = joinStatus(id, group, null);
      cmd = cmd.copy().put("status", status.name()).put("joinTime", cmd.getLong("time")).put("syncEpoch", old.syncEpoch() + 1);
      cmd.remove("fresh");
      ServerRecord rec = ServerRecord.fromJson(cmd);
      TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
      next.put(id, rec);
      return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", rec.status().name()).put("joinTime", rec.joinTime()));
    }
    ServerStatus status = joinStatus(id, group, old == null ? null : old.status());
    cmd = cmd.copy().put("status", status.name()).put("joinTime", old != null ? old.joinTime() : cmd.getLong("time"));
    cmd.remove("fresh");
    ServerRecord rec = ServerRecord.fromJson(cmd.put("syncEpoch", old != null ? old.syncEpoch() : 0L));
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.put(id, rec);
    return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", rec.status().name()).put("joinTime", rec.joinTime()));
  }

  /**
   * The status a (re-)joining server gets. With no other ACTIVE member in its group there is nothing
   * to catch up from: ACTIVE. Otherwise a new server copies everything first (WAIT_SYNC), an ACTIVE
   * one stays ACTIVE (a write it missed would have taken it out of the in-sync set), a WAIT_SYNC one
   * stays WAIT_SYNC and any other (back from OFFLINE, or taken out of sync) replays what it missed
   * (SYNCING).
   */
  ServerStatus joinStatus(int id, String group, ServerStatus old) {
    if (!hasOtherActive(id, group)) {
      return ServerStatus.ACTIVE;
    }
    if (old == null) {
      return ServerStatus.WAIT_SYNC;
    }
    return switch (old) {
      case ACTIVE -> ServerStatus.ACTIVE;
      case WAIT_SYNC -> ServerStatus.WAIT_SYNC;
      default -> ServerStatus.SYNCING;
    };
  }

  /** Whether {@code group} has an ACTIVE member other than {@code id}. */
  public boolean hasOtherActive(int id, String group) {
    return servers.values().stream().anyMatch(s -> s.serverId() != id && s.group().equals(group) && s.status() == ServerStatus.ACTIVE);
  }

  private Applied changed(ServerRecord old, ServerStatus to) {
    if (old.status() == to) {
      return ok(this, new JsonObject().put("status", to.name()).put("changed", false));
    }
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.put(old.serverId(), old.withStatus(to));
    return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", to.name()).put("changed", true));
  }

  /** A beating OFFLINE server: ACTIVE when it is alone, else SYNCING (it may have missed writes). */
  private Applied resumeServer(JsonObject cmd) {
    ServerRecord old = servers.get(cmd.getInteger("serverId"));
    if (old == null) {
      return error(ErrorCode.ENOENT, "no server " + cmd.getInteger("serverId"));
    }
    if (old.status() != ServerStatus.OFFLINE) {
      return ok(this, new JsonObject().put("status", old.status().name()).put("changed", false));
    }
    return changed(old, hasOtherActive(old.serverId(), old.group()) ? ServerStatus.SYNCING : ServerStatus.ACTIVE);
  }

  /** A WAIT_SYNC server has started copying from its peers (FastDFS: WAIT_SYNC -> SYNCING); other statuses stay. */
  private Applied syncStart(JsonObject cmd) {
    ServerRecord old = servers.get(cmd.getInteger("serverId"));
    if (old == null) {
      return error(ErrorCode.ENOENT, "no server " + cmd.getInteger("serverId"));
    }
    if (old.status() != ServerStatus.WAIT_SYNC) {
      return ok(this, new JsonObject().put("status", old.status().name()).put("changed", false));
    }
    return changed(old, ServerStatus.SYNCING);
  }

  /** A WAIT_SYNC or SYNCING server that has replayed its peers' binlogs joins the in-sync set. */
  private Applied syncDone(JsonObject cmd) {
    ServerRecord old = servers.get(cmd.getInteger("serverId"));
    if (old == null) {
      return error(ErrorCode.ENOENT, "no server " + cmd.getInteger("serverId"));
    }
    if (old.status() == ServerStatus.ACTIVE) {
      return ok(this, new JsonObject().put("status", old.status().name()).put("changed", false));
    }
    if (old.status() != ServerStatus.WAIT_SYNC && old.status() != ServerStatus.SYNCING) {
      return error(ErrorCode.EINVAL, "server " + old.serverId() + " is " + old.status() + ", not catching up");
    }
    Long epoch = cmd.getLong("epoch");
    if (epoch != null && epoch != old.syncEpoch()) {
      return error(ErrorCode.EAGAIN, "server " + old.serverId() + " missed a write since it caught up (epoch " + old.syncEpoch()
          + ", not " + epoch + ")");
    }
    return changed(old, ServerStatus.ACTIVE);
  }

  /**
   * An ACTIVE member reports that a peer failed during a write: the peer leaves the in-sync set
   * (SYNCING; the heartbeat check makes it OFFLINE if it is dead). Only an ACTIVE reporter of the same
   * group is believed, so a server that is itself out of sync cannot take others out.
   */
  private Applied outOfSync(JsonObject cmd) {
    ServerRecord peer = servers.get(cmd.getInteger("serverId"));
    ServerRecord reporter = servers.get(cmd.getInteger("reporter"));
    if (peer == null || reporter == null) {
      return error(ErrorCode.ENOENT, "no server " + cmd.getInteger(peer == null ? "serverId" : "reporter"));
    }
    if (!reporter.group().equals(peer.group()) || reporter.status() != ServerStatus.ACTIVE) {
      return error(ErrorCode.EPERM, "server " + reporter.serverId() + " is not an ACTIVE member of " + peer.group());
    }
    // every report bumps the epoch, also against a catching-up peer that had been admitted to the
    // write path (MEMBER_ADMIT): its pending SYNC_DONE is then refused
    ServerRecord bumped = peer.withSyncEpoch(peer.syncEpoch() + 1);
    ServerStatus to = peer.status() == ServerStatus.ACTIVE ? ServerStatus.SYNCING : peer.status();
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.put(peer.serverId(), bumped.withStatus(to));
    return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", to.name())
        .put("changed", to != peer.status()).put("syncEpoch", bumped.syncEpoch()));
  }

  private Applied setStatus(JsonObject cmd) {
    int id = cmd.getInteger("serverId");
    ServerStatus to = ServerStatus.valueOf(cmd.getString("status"));
    ServerRecord old = servers.get(id);
    if (old == null) {
      return error(ErrorCode.ENOENT, "no server " + id);
    }
    Set<ServerStatus> from = new HashSet<>();
    cmd.getJsonArray("from", new JsonArray()).forEach(s -> from.add(ServerStatus.valueOf(String.valueOf(s))));
    if ((!from.isEmpty() && !from.contains(old.status())) || old.status() == to) {
      return ok(this, new JsonObject().put("status", old.status().name()).put("changed", false));
    }
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.put(id, old.withStatus(to));
    return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", to.name()).put("changed", true));
  }

  /**
   * An administrator removes a server from its group (SERVER_DELETE_STORAGE): it becomes DELETED, is
   * never routed to again and no longer counts as a member. Its record stays so that its beats are
   * answered DELETED and status output shows it. Refused (EBUSY) for an ACTIVE server unless at least
   * {@code max(1, minActive)} other ACTIVE members remain: the last in-sync copy of the group's data is
   * never dropped, and the group stays writable. An OFFLINE server is refused too while no other
   * member is ACTIVE (it may have been the last in-sync one). WAIT_SYNC and SYNCING servers hold no
   * acknowledged write the in-sync members lack, so they can always go. Its epoch moves on, so a
   * SYNC_DONE it still sends fails.
   */
  private Applied deleteServer(JsonObject cmd) {
    int id = cmd.getInteger("serverId");
    ServerRecord old = servers.get(id);
    if (old == null) {
      return error(ErrorCode.ENOENT, "no server " + id);
    }
    if (old.status() == ServerStatus.DELETED) {
      return ok(this, new JsonObject().put("status", old.status().name()).put("changed", false));
    }
    long others = servers.values().stream()
        .filter(s -> s.serverId() != id && s.group().equals(old.group()) && s.status() == ServerStatus.ACTIVE).count();
    if (old.status() == ServerStatus.ACTIVE) {
      int need = Math.max(1, cmd.getInteger("minActive", 1));
      if (others < need) {
        return error(ErrorCode.EBUSY, "server " + id + " is ACTIVE and only " + others + " other ACTIVE member(s) of " + old.group()
            + " would remain (at least " + need + " needed)");
      }
    } else if (old.status() == ServerStatus.OFFLINE && others == 0) {
      // with no ACTIVE member left, the silent one may be the last that was in sync
      return error(ErrorCode.EBUSY, "server " + id + " is OFFLINE and no member of " + old.group()
          + " is ACTIVE: it may hold the only copy of the group's data");
    }
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.put(id, old.withSyncEpoch(old.syncEpoch() + 1).withStatus(ServerStatus.DELETED));
    return ok(new ClusterState(next, buckets, credentials), new JsonObject().put("status", ServerStatus.DELETED.name())
        .put("changed", true).put("group", old.group()));
  }

  private Applied removeServer(JsonObject cmd) {
    int id = cmd.getInteger("serverId");
    if (!servers.containsKey(id)) {
      return error(ErrorCode.ENOENT, "no server " + id);
    }
    TreeMap<Integer, ServerRecord> next = new TreeMap<>(servers);
    next.remove(id);
    return ok(new ClusterState(next, buckets, credentials), new JsonObject());
  }

  private Applied putBucket(JsonObject cmd) {
    String name = cmd.getString("name");
    String group = cmd.getString("homeGroup");
    if (name == null || name.isEmpty() || group == null) {
      return error(ErrorCode.EINVAL, "bucket name and home group are required");
    }
    BucketRecord old = buckets.get(name);
    if (old != null) {
      return new Applied(this, new JsonObject().put("ok", false).put("error", ErrorCode.EEXIST.name())
          .put("message", "bucket " + name + " exists").put("bucket", old.toJson()));
    }
    if (!hasGroup(group)) {
      return error(ErrorCode.ENOENT, "no group " + group);
    }
    BucketRecord b = new BucketRecord(name, group, cmd.getString("owner", ""), cmd.getLong("time"));
    TreeMap<String, BucketRecord> next = new TreeMap<>(buckets);
    next.put(name, b);
    return ok(new ClusterState(servers, next, credentials), new JsonObject().put("bucket", b.toJson()));
  }

  private Applied deleteBucket(JsonObject cmd) {
    String name = cmd.getString("name");
    if (!buckets.containsKey(name)) {
      return error(ErrorCode.ENOENT, "no bucket " + name);
    }
    TreeMap<String, BucketRecord> next = new TreeMap<>(buckets);
    next.remove(name);
    return ok(new ClusterState(servers, next, credentials), new JsonObject());
  }

  private Applied putCredential(JsonObject cmd) {
    String key = cmd.getString("accessKey");
    String secret = cmd.getString("secretKey");
    if (key == null || key.isEmpty() || secret == null || secret.isEmpty()) {
      return error(ErrorCode.EINVAL, "access key and secret are required");
    }
    CredentialRecord old = credentials.get(key);
    List<String> grants = new ArrayList<>();
    cmd.getJsonArray("grants", new JsonArray()).forEach(g -> grants.add(String.valueOf(g)));
    CredentialRecord c = new CredentialRecord(key, secret, cmd.getBoolean("enabled", true), grants,
        old != null ? old.created() : cmd.getLong("time"));
    TreeMap<String, CredentialRecord> next = new TreeMap<>(credentials);
    next.put(key, c);
    return ok(new ClusterState(servers, buckets, next), new JsonObject().put("accessKey", key));
  }

  private Applied deleteCredential(JsonObject cmd) {
    String key = cmd.getString("accessKey");
    if (!credentials.containsKey(key)) {
      return error(ErrorCode.ENOENT, "no access key " + key);
    }
    TreeMap<String, CredentialRecord> next = new TreeMap<>(credentials);
    next.remove(key);
    return ok(new ClusterState(servers, buckets, next), new JsonObject());
  }

  private Applied ok(ClusterState next, JsonObject reply) {
    return new Applied(next, reply.put("ok", true));
  }

  private Applied error(ErrorCode code, String message) {
    return new Applied(this, new JsonObject().put("ok", false).put("error", code.name()).put("message", message));
  }

  /** The whole state as the snapshot document. */
  public JsonObject toJson() {
    JsonArray groups = new JsonArray();
    groups().forEach((name, list) -> {
      JsonArray ss = new JsonArray();
      list.forEach(s -> ss.add(s.toJson()));
      groups.add(new JsonObject().put("name", name).put("servers", ss));
    });
    JsonArray bs = new JsonArray();
    buckets.values().forEach(b -> bs.add(b.toJson()));
    JsonArray cs = new JsonArray();
    credentials.values().forEach(c -> cs.add(c.toJson()));
    return new JsonObject().put("format", FORMAT).put("groups", groups).put("buckets", bs).put("credentials", cs);
  }

  public static ClusterState fromJson(JsonObject j) {
    int format = j.getInteger("format", FORMAT);
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown cluster state format " + format);
    }
    TreeMap<Integer, ServerRecord> servers = new TreeMap<>();
    JsonArray groups = j.getJsonArray("groups", new JsonArray());
    for (int i = 0; i < groups.size(); i++) {
      JsonArray ss = groups.getJsonObject(i).getJsonArray("servers", new JsonArray());
      for (int k = 0; k < ss.size(); k++) {
        ServerRecord s = ServerRecord.fromJson(ss.getJsonObject(k));
        servers.put(s.serverId(), s);
      }
    }
    TreeMap<String, BucketRecord> buckets = new TreeMap<>();
    j.getJsonArray("buckets", new JsonArray()).forEach(o -> {
      BucketRecord b = BucketRecord.fromJson((JsonObject) o);
      buckets.put(b.name(), b);
    });
    TreeMap<String, CredentialRecord> creds = new TreeMap<>();
    j.getJsonArray("credentials", new JsonArray()).forEach(o -> {
      CredentialRecord c = CredentialRecord.fromJson((JsonObject) o);
      creds.put(c.accessKey(), c);
    });
    return new ClusterState(servers, buckets, creds);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterState c && servers.equals(c.servers) && buckets.equals(c.buckets) && credentials.equals(c.credentials);
  }

  @Override
  public int hashCode() {
    return servers.hashCode() * 31 + buckets.hashCode();
  }

  @Override
  public String toString() {
    return "ClusterState[servers=" + servers.keySet() + ", buckets=" + buckets.keySet() + ", credentials=" + credentials.size() + "]";
  }
}
