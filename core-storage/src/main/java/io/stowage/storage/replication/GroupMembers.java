package io.stowage.storage.replication;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What this storage server last learned from a tracker about its group: every member with its
 * status (the in-sync set = the ACTIVE ones), its own status, and how many copies a write needs.
 * Immutable; {@link Membership} holds the current one.
 */
public record GroupMembers(ServerStatus self, List<Member> members, int minWriteReplicas) {
  public static final GroupMembers UNKNOWN = new GroupMembers(ServerStatus.OFFLINE, List.of(), 1);

  /** One member of the group. */
  public record Member(int serverId, String host, int port, ServerStatus status, long syncEpoch) {
    public Member(int serverId, String host, int port, ServerStatus status) {
      this(serverId, host, port, status, 0);
    }

    public HostPort address() {
      return new HostPort(host, port);
    }
  }

  public GroupMembers {
    members = List.copyOf(members);
  }

  /** The ACTIVE members other than {@code selfId}: every write must reach them. */
  public List<Member> inSyncPeers(int selfId) {
    return members.stream().filter(m -> m.serverId() != selfId && m.status() == ServerStatus.ACTIVE).toList();
  }

  /**
   * The WAIT_SYNC and SYNCING members other than {@code selfId}: writes are also forwarded to them,
   * best effort (not waited for, not counted), which narrows the window between their SYNC_DONE and
   * every writer learning that they are in sync.
   */
  public List<Member> catchingUpPeers(int selfId) {
    return members.stream().filter(m -> m.serverId() != selfId
        && (m.status() == ServerStatus.WAIT_SYNC || m.status() == ServerStatus.SYNCING)).toList();
  }

  /** The sync epoch the trackers last gave {@code serverId} (failed writes reported against it). */
  public long epochOf(int serverId) {
    return members.stream().filter(m -> m.serverId() == serverId).mapToLong(Member::syncEpoch).findFirst().orElse(0);
  }

  /** The same view with {@code serverId} no longer ACTIVE (after this server reported it out of sync). */
  public GroupMembers without(int serverId, ServerStatus now) {
    List<Member> l = new ArrayList<>();
    for (Member m : members) {
      l.add(m.serverId() == serverId ? new Member(m.serverId(), m.host(), m.port(), now, m.syncEpoch()) : m);
    }
    return new GroupMembers(self, l, minWriteReplicas);
  }

  /** Parses a STORAGE_JOIN/BEAT/SYNC_DONE answer; fields it lacks keep their previous values. */
  public static GroupMembers fromAnswer(JsonObject j, GroupMembers previous) {
    ServerStatus self = previous.self();
    String s = j.getString("status");
    if (s != null) {
      self = ServerStatus.valueOf(s);
    }
    List<Member> members = previous.members();
    JsonArray a = j.getJsonArray("members");
    if (a != null) {
      members = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        JsonObject m = a.getJsonObject(i);
        members.add(new Member(m.getInteger("serverId"), m.getString("host"), m.getInteger("port"),
            ServerStatus.valueOf(m.getString("status")), m.getLong("syncEpoch", 0L)));
      }
    }
    return new GroupMembers(self, members, j.getInteger("minWriteReplicas", previous.minWriteReplicas()));
  }
}
