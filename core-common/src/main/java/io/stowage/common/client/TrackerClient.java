package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * Talks to the trackers: FastDFS queries (where to store, where to read) and Stowage's internal JSON
 * commands. Fails over to the next tracker when one cannot be reached, or does not answer a query
 * within the pool's read timeout (a SIGSTOPped tracker); a status answer is final.
 */
public final class TrackerClient {
  private static final int MAX_ANSWER = 16 << 20;
  private final FdfsClientPool pool;
  private final List<HostPort> trackers;
  private int preferred;

  public TrackerClient(FdfsClientPool pool, List<HostPort> trackers) {
    if (trackers.isEmpty()) {
      throw new IllegalArgumentException("no trackers");
    }
    this.pool = pool;
    this.trackers = List.copyOf(trackers);
  }

  public List<HostPort> trackers() {
    return trackers;
  }

  public Future<StoreTarget> queryStore(String group) {
    Buffer body = Buffer.buffer();
    byte cmd = Commands.QUERY_STORE_WITHOUT_GROUP_ONE;
    if (group != null) {
      Wire.appendFixed(body, group, Wire.GROUP_NAME_LEN);
      cmd = Commands.QUERY_STORE_WITH_GROUP_ONE;
    }
    byte c = cmd;
    return call(conn -> conn.within(conn.call(c, body, MAX_ANSWER), pool.readTimeoutMs())).map(r -> {
      Buffer b = r.body();
      String g = Wire.readFixed(b, 0, 16);
      String ip = Wire.readFixed(b, 16, 15);
      long port = b.getLong(31);
      int path = b.getByte(39);
      return new StoreTarget(g, new HostPort(ip, (int) port), path);
    });
  }

  public Future<HostPort> queryFetch(FileId id) {
    return queryServer(Commands.QUERY_FETCH_ONE, id);
  }

  public Future<HostPort> queryUpdate(FileId id) {
    return queryServer(Commands.QUERY_UPDATE, id);
  }

  private Future<HostPort> queryServer(byte cmd, FileId id) {
    Buffer body = Wire.appendFixed(Buffer.buffer(), id.group(), Wire.GROUP_NAME_LEN).appendString(id.remoteFilename());
    return call(conn -> conn.within(conn.call(cmd, body, MAX_ANSWER), pool.readTimeoutMs())).map(r -> {
      Buffer b = r.body();
      return new HostPort(Wire.readFixed(b, 16, 15), (int) b.getLong(31));
    });
  }

  /**
   * SERVER_DELETE_STORAGE (93, FastDFS's layout: group 16 + storage id): removes a storage server from
   * its group (DELETED). {@code storageId} is the server ID, or its IP (or ip:port) when that is unique
   * in the group. The pool must carry the cluster secret. Fails ENOENT (unknown), EBUSY (it is ACTIVE
   * and too few other ACTIVE members would remain, or OFFLINE with no ACTIVE peer) or EACCES.
   */
  public Future<Void> deleteStorage(String group, String storageId) {
    Buffer body = Wire.appendFixed(Buffer.buffer(), group, Wire.GROUP_NAME_LEN).appendString(storageId);
    return call(conn -> conn.call(Commands.SERVER_DELETE_STORAGE, body, MAX_ANSWER)).mapEmpty();
  }

  /**
   * An internal command with a JSON body and answer; the pool must carry the cluster secret. Reads
   * (answered from the tracker's own state) must be answered within the pool's read timeout, else
   * the next tracker is asked; writes wait for their Raft commit (bounded by the pool's idle timeout).
   */
  public Future<JsonObject> internal(byte cmd, JsonObject request) {
    Buffer body = request.toBuffer();
    boolean read = cmd == Commands.CLUSTER_STATE || cmd == Commands.BUCKET_GET || cmd == Commands.BUCKET_LIST
        || cmd == Commands.CREDENTIAL_GET;
    return call(conn -> read ? conn.within(conn.call(cmd, body, MAX_ANSWER), pool.readTimeoutMs())
        : conn.call(cmd, body, MAX_ANSWER)).map(r -> r.body().length() == 0 ? new JsonObject() : new JsonObject(r.body()));
  }

  private <T> Future<T> call(Function<FdfsConnection, Future<T>> work) {
    return attempt(work, 0, preferred);
  }

  private <T> Future<T> attempt(Function<FdfsConnection, Future<T>> work, int tries, int index) {
    HostPort t = trackers.get(index % trackers.size());
    return pool.with(t, work).onSuccess(v -> preferred = index % trackers.size()).recover(e -> {
      boolean unreachable = !(e instanceof ProtoException p) || p.code() == ErrorCode.ECONNREFUSED
          || p.code() == ErrorCode.EIO || p.code() == ErrorCode.EAGAIN || p.code() == ErrorCode.ETIMEDOUT;
      if (unreachable && tries + 1 < trackers.size()) {
        return attempt(work, tries + 1, index + 1);
      }
      return Future.failedFuture(e);
    });
  }
}
