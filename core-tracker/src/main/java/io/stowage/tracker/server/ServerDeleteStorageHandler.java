package io.stowage.tracker.server;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Request;
import io.stowage.common.proto.Wire;
import io.stowage.tracker.cluster.ServerRecord;
import io.vertx.core.Future;
import java.util.List;

/**
 * SERVER_DELETE_STORAGE (93), FastDFS's {@code fdfs_monitor delete}: request group 16 + storage id
 * (FastDFS's layout: the rest of the body, NUL-padded or not), empty answer. The
 * storage id is Stowage's numeric server ID, or the server's IP address (or {@code ip:port}) when that
 * names one server of the group. The server becomes DELETED through Raft ({@code ClusterState}).
 *
 * <p>Unlike FastDFS, which lets any client that reaches the tracker delete servers, this needs a
 * connection that presented the cluster secret (EACCES otherwise): it is an administrator's command.
 * ENOENT: no such group or server in it; EBUSY: the server is ACTIVE and fewer than the group's
 * {@code min_write_replicas} (at least 1) other ACTIVE members would remain, or it is OFFLINE and no
 * other member is ACTIVE ({@code ClusterState.deleteServer}).
 */
public final class ServerDeleteStorageHandler implements CommandHandler {
  /** FastDFS sends at most 16 bytes; an IPv4 ip:port needs up to 21. */
  static final int MAX_STORAGE_ID = 32;

  private final TrackerServices services;

  public ServerDeleteStorageHandler(TrackerServices services) {
    this.services = services;
  }

  @Override
  public Future<Void> handle(Request req) {
    if (!req.state().internal()) {
      return Future.failedFuture(new ProtoException(ErrorCode.EACCES, "deleting a storage server needs the cluster secret"));
    }
    long len = req.bodyLength();
    if (len <= Wire.GROUP_NAME_LEN || len > Wire.GROUP_NAME_LEN + MAX_STORAGE_ID) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body must be group 16 + storage id"));
    }
    return req.readRest((int) len).compose(body -> {
      String group = Wire.readFixed(body, 0, Wire.GROUP_NAME_LEN);
      String storageId = Wire.readFixed(body, Wire.GROUP_NAME_LEN, (int) len - Wire.GROUP_NAME_LEN);
      ServerRecord server = resolve(services.store().state().servers().values().stream().toList(), group, storageId);
      return services.membership().delete(server.serverId(), services.config().minWriteReplicas(group));
    }).compose(status -> req.ok());
  }

  /** The server of {@code group} that {@code storageId} names: its server ID, IP address or ip:port. */
  static ServerRecord resolve(List<ServerRecord> servers, String group, String storageId) {
    List<ServerRecord> members = servers.stream().filter(s -> s.group().equals(group)).toList();
    if (members.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOENT, "no group " + group);
    }
    String id = storageId.strip();
    if (id.matches("[0-9]{1,8}")) {
      int n = Integer.parseInt(id);
      return members.stream().filter(s -> s.serverId() == n).findFirst()
          .orElseThrow(() -> new ProtoException(ErrorCode.ENOENT, "no server " + n + " in " + group));
    }
    List<ServerRecord> byAddress = members.stream().filter(s -> id.equals(s.host()) || id.equals(s.host() + ":" + s.port())).toList();
    if (byAddress.size() > 1) {
      byAddress = byAddress.stream().filter(s -> s.status() != ServerStatus.DELETED).toList(); // a replacement on the same address
    }
    if (byAddress.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOENT, "no server " + id + " in " + group);
    }
    if (byAddress.size() > 1) {
      throw new ProtoException(ErrorCode.EINVAL, id + " names " + byAddress.size() + " servers of " + group + ": give the server ID");
    }
    return byAddress.get(0);
  }
}
