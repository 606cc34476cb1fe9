package io.stowage.storage.replication;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.FdfsConnection;
import io.stowage.common.client.Response;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.stowage.storage.StorageConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous replication inside the group: every write is sent to every in-sync (ACTIVE) peer and
 * acknowledged only when each has made it durable, or has been reported out of sync to the trackers
 * (committed through Raft) first. Fewer copies than {@code min_write_replicas} fail the write with
 * EAGAIN. Must be used from the storage server's event loop (its connection pool is not
 * thread-safe); {@link #start} runs there.
 */
public final class Replicator {
  private static final Logger log = LoggerFactory.getLogger(Replicator.class);
  /** REPLICA_CREATE trailer: the final remote filename, NUL-padded; all NUL = abort. */
  public static final int TRAILER = 256;
  private static final int MAX_ANSWER = 64 * 1024;

  private final StorageConfig cfg;
  private final Membership membership;
  private Vertx vertx;
  /**
   * Idle connections kept per peer. Every concurrent write holds one for its replica call, so a cap
   * below the write concurrency closes the surplus after each burst and reconnects (TCP handshake
   * plus cluster-secret proof) on the next: with 4, 16 concurrent small PUTs churned through about
   * 500 new peer connections a second. Idle ones cost a socket each and close after the pool's idle
   * timeout.
   */
  static final int IDLE_PEER_CONNECTIONS = 64;
  private FdfsClientPool pool;

  public Replicator(StorageConfig cfg, Membership membership) {
    this.cfg = cfg;
    this.membership = membership;
  }

  private HostPort self;
  private final java.util.Set<Future<?>> inFlight = new java.util.HashSet<>();

  /**
   * Tracks a replicated write from the moment its set of peers is chosen until it is logged and
   * settled, so {@link #drain} can wait for the writes that may not have included a newly admitted
   * member. Returns {@code f}.
   */
  public <T> Future<T> track(Future<T> f) {
    if (!f.isComplete()) {
      inFlight.add(f);
      f.onComplete(ar -> inFlight.remove(f));
    }
    return f;
  }

  /** Completes when every write in flight now has finished (successfully or not). */
  public Future<Void> drain() {
    return Future.join(new ArrayList<>(inFlight)).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** Creates the connection pool; call on the event loop that will use this replicator. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    this.pool = new FdfsClientPool(vertx, cfg.clusterSecret(), IDLE_PEER_CONNECTIONS);
  }

  /** The port this server listens on (peers pull changed files from here). */
  public void port(int port) {
    this.self = new HostPort(cfg.advertiseHost(), port);
  }

  public Future<Void> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The port this server listens on (as given by {@link #port(int)}). */
  public int selfPort() {
    return self == null ? 0 : self.port();
  }

  public FdfsClientPool pool() {
    return pool;
  }

  public Membership membership() {
    return membership;
  }

  /**
   * Three heartbeat intervals, at least 10 s: long enough that a slow beat or a tracker election does
   * not stop writes, well under the gateways' 120 s wait on an unanswered index write.
   */
  long writeLeaseMs() {
    return Math.max(3 * cfg.heartbeatInterval().toMillis(), 10_000);
  }

  long timeoutMs() {
    return cfg.replicationTimeout().toMillis();
  }

  /**
   * Fails EAGAIN when no tracker has answered this server for longer than the write lease (see
   * {@link Membership#writeLeaseExpired}) or when the in-sync set (this server included) is below
   * {@code min_write_replicas}.
   */
  public void precheck() {
    if (membership.writeLeaseExpired(writeLeaseMs())) {
      throw new ProtoException(ErrorCode.EAGAIN, "no tracker answer for " + writeLeaseMs() / 1000
          + " s: not taking writes until one answers");
    }
    GroupMembers v = membership.view();
    int copies = 1 + v.inSyncPeers(cfg.serverId()).size();
    if (copies < v.minWriteReplicas()) {
      throw new ProtoException(ErrorCode.EAGAIN, "only " + copies + " in-sync copies, min_write_replicas is " + v.minWriteReplicas());
    }
  }

  /** Sends one JSON command to every in-sync peer and settles the outcome (see class comment). */
  public Future<Void> replicate(byte cmd, JsonObject body) {
    return replicate(cmd, body::toBuffer);
  }

  /** Sends one command to every in-sync peer; {@code body} is only built when there is a peer to send it to. */
  public Future<Void> replicate(byte cmd, Supplier<Buffer> body) {
    return track(replicateTracked(cmd, body));
  }

  private Future<Void> replicateTracked(byte cmd, Supplier<Buffer> body) {
    List<GroupMembers.Member> peers = membership.view().inSyncPeers(cfg.serverId());
    List<GroupMembers.Member> catchingUp = membership.view().catchingUpPeers(cfg.serverId());
    if (peers.isEmpty() && catchingUp.isEmpty()) {
      return settle(List.of(), List.of()); // nobody to send to: skip encoding the body (an inline object's bytes)
    }
    Buffer b = body.get();
    for (GroupMembers.Member p : catchingUp) {
      call(p.address(), c -> c.call(cmd, b, MAX_ANSWER))
          .onFailure(e -> log.debug("best-effort replication to catching-up server {}: {}", p.serverId(), e.toString()));
    }
    return sendAll(peers, cmd, b, List.of());
  }

  /** Sends to {@code peers} and settles, counting {@code alreadyOk} (peers that hold the write already) as copies. */
  private Future<Void> sendAll(List<GroupMembers.Member> peers, byte cmd, Buffer b, List<GroupMembers.Member> alreadyOk) {
    if (peers.isEmpty()) {
      return settle(alreadyOk, List.of());
    }
    List<Future<Response>> answers = new ArrayList<>();
    for (GroupMembers.Member p : peers) {
      answers.add(call(p.address(), c -> c.call(cmd, b, MAX_ANSWER)));
    }
    return Future.join(answers).transform(x -> {
      List<GroupMembers.Member> ok = new ArrayList<>(alreadyOk);
      List<GroupMembers.Member> failed = new ArrayList<>();
      for (int i = 0; i < peers.size(); i++) {
        if (answers.get(i).succeeded()) {
          ok.add(peers.get(i));
        } else {
          log.warn("replication {} to server {} failed: {}", cmd & 0xff, peers.get(i).serverId(), answers.get(i).cause().toString());
          failed.add(peers.get(i));
        }
      }
      return settle(ok, failed);
    });
  }

  /**
   * Replicates a change this server made to one file (under the file's lock): {@code op} is
   * {@code delete}, {@code pullFile} (peers copy the whole current file from here) or
   * {@code pullMeta}; {@code binlogOp}/{@code extra} are what the peers log (in lower case).
   */
  public Future<Void> replicateFile(String op, FileId id, char binlogOp, String extra) {
    JsonObject body = new JsonObject().put("op", op).put("fileId", id.toString()).put("source", self.toString())
        .put("binlogOp", String.valueOf(binlogOp));
    if (extra != null) {
      body.put("extra", extra);
    }
    return replicate(Commands.REPLICA_APPLY, body);
  }

  /** Best-effort JSON command to some peers (undoing a write that could not get enough copies). */
  public void bestEffort(byte cmd, JsonObject body, List<GroupMembers.Member> peers) {
    Buffer b = body.toBuffer();
    for (GroupMembers.Member p : peers) {
      call(p.address(), c -> c.call(cmd, b, MAX_ANSWER))
          .onFailure(e -> log.warn("cannot undo a failed write on server {}: {}", p.serverId(), e.toString()));
    }
  }

  /** One call on a pooled connection, failed (and the connection closed) after the replication timeout. */
  Future<Response> call(HostPort peer, Function<FdfsConnection, Future<Response>> work) {
    FdfsConnection[] conn = new FdfsConnection[1];
    Future<Response> f = pool.with(peer, c -> {
      conn[0] = c;
      return work.apply(c);
    });
    return withTimeout(f, conn);
  }

  private <T> Future<T> withTimeout(Future<T> f, FdfsConnection[] conn) {
    return bounded(f, timeoutMs(), conn);
  }

  /** {@code f}, failed ETIMEDOUT (and the connection closed) after {@code ms}. */
  <T> Future<T> bounded(Future<T> f, long ms, FdfsConnection... conn) {
    Promise<T> p = Promise.promise();
    long t = vertx.setTimer(ms, id -> {
      if (p.tryFail(new ProtoException(ErrorCode.ETIMEDOUT, "peer did not answer in " + ms + " ms")) && conn.length > 0 && conn[0] != null) {
        conn[0].close();
      }
    });
    f.onComplete(ar -> {
      vertx.cancelTimer(t);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  /**
   * Reports every failed peer out of sync (all reports must be committed), then checks the number
   * of copies. Completes with the peers that hold the write.
   */
  Future<Void> settle(List<GroupMembers.Member> ok, List<GroupMembers.Member> failed) {
    List<Future<Void>> reports = new ArrayList<>();
    for (GroupMembers.Member m : failed) {
      reports.add(report(m));
    }
    return Future.all(reports).recover(e -> Future.failedFuture(
        new ProtoException(ErrorCode.EAGAIN, "a peer failed and could not be reported out of sync: " + e.getMessage())))
        .compose(v -> {
          int copies = 1 + ok.size();
          int min = membership.view().minWriteReplicas();
          if (copies < min) {
            return Future.failedFuture(new ProtoException(ErrorCode.EAGAIN, "only " + copies + " copies written, min_write_replicas is " + min));
          }
          return Future.succeededFuture();
        });
  }

  /** REPORT_OUT_OF_SYNC to the trackers, one after the other until one commits it. */
  public Future<Void> report(GroupMembers.Member peer) {
    membership.dropAdmission(peer.serverId());
    JsonObject body = new JsonObject().put("serverId", peer.serverId()).put("reporter", cfg.serverId());
    return reportTo(0, body).map(answer -> {
      // answers from trackers that have not applied the report yet must not put the peer back
      membership.observeIndex(answer.getLong("stateIndex", -1L));
      membership.update(v -> v.without(peer.serverId(), ServerStatus.valueOf(answer.getString("status"))));
      return null;
    });
  }

  private Future<JsonObject> reportTo(int i, JsonObject body) {
    List<HostPort> trackers = cfg.trackers();
    HostPort t = trackers.get(i);
    return call(t, c -> c.call(Commands.REPORT_OUT_OF_SYNC, body.toBuffer(), MAX_ANSWER))
        .map(r -> new JsonObject(r.body()))
        .recover(e -> {
          if (e instanceof ProtoException p && p.code() == ErrorCode.EPERM) {
            return Future.failedFuture(e); // this server is itself out of sync: no tracker will accept it
          }
          return i + 1 < trackers.size() ? reportTo(i + 1, body) : Future.failedFuture(e);
        });
  }

  /** Sends a tracker command to the trackers in turn (SYNC_DONE). */
  public Future<JsonObject> trackerCall(byte cmd, JsonObject body) {
    return trackerCall(0, cmd, body);
  }

  private Future<JsonObject> trackerCall(int i, byte cmd, JsonObject body) {
    List<HostPort> trackers = cfg.trackers();
    return call(trackers.get(i), c -> c.call(cmd, body.toBuffer(), MAX_ANSWER))
        .map(r -> r.body().length() == 0 ? new JsonObject() : new JsonObject(r.body()))
        .recover(e -> i + 1 < trackers.size() && !(e instanceof ProtoException p && p.code() != ErrorCode.ECONNREFUSED
            && p.code() != ErrorCode.EIO && p.code() != ErrorCode.ETIMEDOUT) ? trackerCall(i + 1, cmd, body) : Future.failedFuture(e));
  }

  /** Opens the replication streams of a new file of {@code size} bytes to every in-sync peer. */
  public CreateStream openCreate(int storePathIndex, long size, boolean appender) {
    List<GroupMembers.Member> peers = new ArrayList<>(membership.view().inSyncPeers(cfg.serverId()));
    int inSync = peers.size();
    peers.addAll(membership.view().catchingUpPeers(cfg.serverId()));
    byte[] head = new JsonObject().put("size", size).put("storePath", storePathIndex).put("appender", appender)
        .put("origin", cfg.serverId()).encode().getBytes(StandardCharsets.UTF_8);
    Buffer prefix = Buffer.buffer().appendInt(head.length).appendBytes(head);
    List<PeerFeed> feeds = new ArrayList<>();
    List<Future<Response>> answers = new ArrayList<>();
    List<FdfsConnection[]> conns = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      GroupMembers.Member p = peers.get(i);
      PeerFeed feed = new PeerFeed(vertx, timeoutMs(), i >= inSync);
      FdfsConnection[] conn = new FdfsConnection[1];
      Promise<Response> answer = Promise.promise();
      pool.with(p.address(), c -> {
        conn[0] = c;
        return c.upload(Commands.REPLICA_CREATE, prefix, feed, size + TRAILER, MAX_ANSWER);
      }).onComplete(answer);
      answer.future().onFailure(e -> feed.fail(e));
      // a failed feed fails the answer at once, even while the connection is still being made (a
      // hung peer never answers INTERNAL_HELLO)
      feed.onFail(() -> {
        answer.tryFail(new ProtoException(ErrorCode.ETIMEDOUT, "replication stream to server " + p.serverId() + " failed"));
        if (conn[0] != null) {
          conn[0].close();
        }
      });
      feeds.add(feed);
      answers.add(answer.future());
      conns.add(conn);
    }
    return new CreateStream(peers, inSync, feeds, answers, conns);
  }

  /** The replication streams of one upload. */
  public final class CreateStream {
    private final List<GroupMembers.Member> peers;
    private final int inSync;
    private final List<PeerFeed> feeds;
    private final List<Future<Response>> answers;
    private final List<FdfsConnection[]> conns;

    /** {@code peers}: the in-sync ones first ({@code inSync} of them), then the best-effort ones. */
    CreateStream(List<GroupMembers.Member> peers, int inSync, List<PeerFeed> feeds, List<Future<Response>> answers,
        List<FdfsConnection[]> conns) {
      this.peers = peers;
      this.inSync = inSync;
      this.feeds = feeds;
      this.answers = answers;
      this.conns = conns;
    }

    /** Whether no peer takes the bytes (a one-server group, or no member in sync or catching up). */
    public boolean isEmpty() {
      return feeds.isEmpty();
    }

    /** The stream that writes to {@code local} and to every peer. */
    public WriteStream<Buffer> tee(WriteStream<Buffer> local) {
      return feeds.isEmpty() ? local : new TeeStream(local, feeds);
    }

    /**
     * Sends the final name, waits for every peer's answer (each made the file durable) and settles:
     * failed peers are reported out of sync; fewer copies than the minimum fail EAGAIN (the peers
     * that stored it are asked to delete it again).
     */
    public Future<Void> finish(FileId id) {
      Buffer trailer = Wire.appendFixed(Buffer.buffer(TRAILER), id.remoteFilename(), TRAILER);
      List<Future<Response>> timed = new ArrayList<>();
      for (int i = 0; i < feeds.size(); i++) {
        PeerFeed f = feeds.get(i);
        f.push(trailer);
        f.end();
        Future<Response> t = withTimeout(answers.get(i), conns.get(i));
        if (i < inSync) {
          timed.add(t); // best-effort peers are not waited for
        }
      }
      return Future.join(timed).transform(x -> {
        List<GroupMembers.Member> ok = new ArrayList<>();
        List<GroupMembers.Member> failed = new ArrayList<>();
        for (int i = 0; i < inSync; i++) {
          if (timed.get(i).succeeded()) {
            ok.add(peers.get(i));
          } else {
            log.warn("replicating {} to server {} failed: {}", id, peers.get(i).serverId(), timed.get(i).cause().toString());
            failed.add(peers.get(i));
          }
        }
        return settle(ok, failed).compose(v -> {
          // members admitted while the bytes were streaming (MEMBER_ADMIT) were not in the pipeline:
          // they copy the file from here before the answer, so no upload acknowledged after their
          // admission misses them
          java.util.Set<Integer> streamed = new java.util.HashSet<>();
          peers.subList(0, inSync).forEach(m -> streamed.add(m.serverId())); // best-effort copies may have failed
          List<GroupMembers.Member> extras = membership.view().inSyncPeers(cfg.serverId()).stream()
              .filter(m -> !streamed.contains(m.serverId())).toList();
          JsonObject pull = new JsonObject().put("op", "pullFile").put("fileId", id.toString()).put("source", self.toString())
              .put("binlogOp", String.valueOf(io.stowage.storage.binlog.BinlogRecord.CREATE));
          return sendAll(extras, Commands.REPLICA_APPLY, pull.toBuffer(), ok);
        }).recover(e -> {
          List<GroupMembers.Member> undo = new ArrayList<>(membership.view().inSyncPeers(cfg.serverId()));
          undo.addAll(peers);
          bestEffort(Commands.REPLICA_APPLY, new JsonObject().put("op", "delete").put("fileId", id.toString()), undo);
          return Future.failedFuture(e);
        });
      });
    }

    /** Breaks every stream: the peers drop what they received. */
    public void abort(Throwable cause) {
      for (PeerFeed f : feeds) {
        f.fail(cause);
      }
    }
  }
}
