package io.stowage.storage.tracker;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.Response;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.binlog.Binlog;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.fs.StorePath;
import io.stowage.storage.replication.GroupMembers;
import io.stowage.storage.replication.Membership;
import io.stowage.storage.replication.SyncProgress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage server's link to the trackers: STORAGE_JOIN (201) once per tracker connection, then
 * STORAGE_BEAT (202) every {@code heartbeat_interval} with the current disk usage (internal protocol,
 * JSON bodies, after INTERNAL_HELLO). Beats <em>every</em> configured tracker, each on its own (a
 * dead or hung tracker delays nobody), so whichever tracker leads has fresh soft state (beats, free
 * space) and any tracker can place uploads. Answers from several trackers are applied newest first
 * by their Raft index ({@link Membership#accept}), so a lagging follower never rolls the view back.
 * When no tracker answers, the storage server goes on serving and keeps retrying every interval.
 */
public final class TrackerLink extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(TrackerLink.class);
  public static final String VERSION = "stowage-0.1.0";
  private static final int MAX_ANSWER = 64 * 1024;

  private final StorageConfig cfg;
  private final FileStore store;
  private final WorkerExecutor io;
  private final int port;
  private FdfsClientPool pool;
  private long timer = -1;
  private boolean measuring;
  private boolean reachable = true;
  private final Peer[] peers;
  private volatile ServerStatus status = ServerStatus.OFFLINE;
  private volatile long lastSuccessMs;
  private boolean deletedLogged;

  private final Membership membership;
  private final SyncProgress progress;
  private final java.util.function.Supplier<JsonObject> scrub;

  /** One tracker's link state. */
  private static final class Peer {
    final HostPort address;
    boolean joined;
    boolean busy;
    boolean up = true;
    volatile long lastSuccessMs;

    Peer(HostPort address) {
      this.address = address;
    }
  }

  /**
   * @param port the port this storage server actually listens on (for port 0 configs)
   * @param membership updated from every answer (status, group members, min_write_replicas)
   * @param progress catch-up progress, sent with every beat
   */
  public TrackerLink(StorageConfig cfg, FileStore store, WorkerExecutor io, int port, Membership membership, SyncProgress progress) {
    this(cfg, store, io, port, membership, progress, null);
  }

  /** @param scrub the scrub counts sent with every beat (null = none) */
  public TrackerLink(StorageConfig cfg, FileStore store, WorkerExecutor io, int port, Membership membership, SyncProgress progress,
      java.util.function.Supplier<JsonObject> scrub) {
    this.scrub = scrub;
    this.cfg = cfg;
    this.store = store;
    this.io = io;
    this.port = port;
    this.membership = membership;
    this.progress = progress;
    this.peers = cfg.trackers().stream().map(Peer::new).toArray(Peer[]::new);
  }

  /** This server's catch-up progress (what every beat reports). */
  public SyncProgress syncProgress() {
    return progress;
  }

  /** The group as this server last learned it (members, in-sync set, min_write_replicas). */
  public GroupMembers members() {
    return membership.view();
  }

  /** The status the trackers last gave this server (OFFLINE until a tracker has answered). */
  public ServerStatus status() {
    return status;
  }

  public long lastSuccessMs() {
    return lastSuccessMs;
  }

  /** When {@code tracker} last answered a join or beat (0 = never). */
  public long lastSuccessMs(HostPort tracker) {
    for (Peer p : peers) {
      if (p.address.equals(tracker)) {
        return p.lastSuccessMs;
      }
    }
    return 0;
  }

  @Override
  public Future<?> start() {
    pool = new FdfsClientPool(vertx, cfg.clusterSecret(), 1);
    tick();
    timer = vertx.setPeriodic(cfg.heartbeatInterval().toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    if (measuring) {
      return;
    }
    measuring = true;
    io.<JsonObject>executeBlocking(() -> {
      store.refreshUsageBlocking();
      return report();
    }, false).onComplete(ar -> {
      measuring = false;
      if (ar.failed()) {
        log.warn("cannot measure store paths: {}", ar.cause().toString());
        return;
      }
      List<Future<Void>> calls = new java.util.ArrayList<>();
      for (Peer p : peers) {
        if (!p.busy) {
          p.busy = true;
          calls.add(beat(p, ar.result()).onComplete(x -> p.busy = false));
        }
      }
      Future.join(calls).onComplete(x -> checkReachable());
    });
  }

  private void checkReachable() {
    boolean any = false;
    for (Peer p : peers) {
      any |= p.up;
    }
    if (!any && reachable) {
      log.warn("no tracker of {} reachable; storage server keeps serving and retries every {}", cfg.trackers(),
          cfg.heartbeatInterval());
      status = ServerStatus.OFFLINE;
    } else if (any && !reachable) {
      log.info("trackers reachable again");
    }
    reachable = any;
  }

  private Future<Void> beat(Peer p, JsonObject body) {
    byte cmd = p.joined ? Commands.STORAGE_BEAT : Commands.STORAGE_JOIN;
    Future<Response> call = pool.with(p.address, c -> c.call(cmd, Buffer.buffer(body.encode()), MAX_ANSWER));
    return timeout(call, Math.max(10_000, 2 * cfg.heartbeatInterval().toMillis())).transform(ar -> {
      if (ar.succeeded()) {
        onAnswer(p, cmd, ar.result());
      } else {
        if (p.up) {
          log.info("tracker {} failed {}: {}", p.address, cmd == Commands.STORAGE_JOIN ? "join" : "beat", ar.cause().toString());
        }
        p.up = false;
        p.joined = false;
      }
      return Future.<Void>succeededFuture();
    });
  }

  private void onAnswer(Peer p, byte cmd, Response r) {
    if (cmd == Commands.STORAGE_JOIN) {
      log.info("joined tracker {} as server {} of {}", p.address, cfg.serverId(), cfg.group());
    } else if (!p.up) {
      log.info("tracker {} reachable again", p.address);
    }
    p.joined = true;
    p.up = true;
    long now = System.currentTimeMillis();
    p.lastSuccessMs = now;
    lastSuccessMs = now;
    membership.trackerAnswered();
    try {
      JsonObject answer = r.body().length() == 0 ? new JsonObject() : new JsonObject(r.body());
      if (ServerStatus.DELETED.name().equals(answer.getString("status"))) {
        answer = deleted(answer);
      }
      if (membership.accept(answer)) {
        String s = answer.getString("status");
        if (s != null) {
          status = ServerStatus.valueOf(s);
        }
      }
    } catch (RuntimeException e) {
      log.debug("tracker {} answered an unexpected body: {}", p.address, e.toString());
    }
  }

  /**
   * An administrator removed this server from its group. It must take no more writes (its peers no
   * longer copy them, and reads never come here): with no members and an unreachable copy count every
   * write's precheck refuses (EAGAIN). The marker file keeps it from joining again as a new member
   * until its data directory is emptied: its old files and keys may include some deleted since.
   */
  private JsonObject deleted(JsonObject answer) {
    if (!deletedLogged) {
      deletedLogged = true;
      log.error("storage server {} was DELETED from group {} by an administrator: it refuses writes, gets no reads and will not "
          + "rejoin. To reuse it, stop it, empty base_path ({}) and every store path, and start it again", cfg.serverId(), cfg.group(),
          cfg.basePath());
      io.executeBlocking(() -> {
        java.nio.file.Files.createDirectories(deletedMarker().getParent());
        if (!java.nio.file.Files.exists(deletedMarker())) {
          java.nio.file.Files.writeString(deletedMarker(), "deleted from " + cfg.group() + " at " + java.time.Instant.now() + "\n");
        }
        return null;
      }, false).onFailure(e -> log.warn("cannot write {}: {}", deletedMarker(), e.toString()));
    }
    return answer.copy().put("members", new JsonArray()).put("minWriteReplicas", Integer.MAX_VALUE);
  }

  /** Present once the trackers said this server was DELETED; emptying the data directory removes it. */
  private java.nio.file.Path deletedMarker() {
    return cfg.basePath().resolve("data").resolve("DELETED");
  }

  /**
   * Whether this server holds nothing: no binlog record and never DELETED. Only such a server may
   * come back after a DELETE (as a new member that copies its group); blocking.
   */
  boolean freshBlocking() {
    java.nio.file.Path binlog = cfg.basePath().resolve("data").resolve("sync").resolve(Binlog.FILE_NAME);
    try {
      return !java.nio.file.Files.exists(deletedMarker())
          && (!java.nio.file.Files.exists(binlog) || java.nio.file.Files.size(binlog) == 0);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private <T> Future<T> timeout(Future<T> f, long ms) {
    Promise<T> p = Promise.promise();
    long t = vertx.setTimer(ms, id -> p.tryFail(new java.util.concurrent.TimeoutException("tracker did not answer in " + ms + " ms")));
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
   * The join/beat body: group, serverId, host, port, storePaths [{index,totalMb,freeMb}], version, and
   * {@code fresh} (holds no data: the trackers take a DELETED server back only then). Blocking.
   */
  JsonObject report() {
    JsonArray paths = new JsonArray();
    for (StorePath sp : store.paths()) {
      paths.add(new JsonObject().put("index", sp.index()).put("totalMb", Math.max(0, sp.totalBytes()) >> 20)
          .put("freeMb", Math.max(0, sp.freeBytes()) >> 20));
    }
    return new JsonObject().put("group", cfg.group()).put("serverId", cfg.serverId()).put("host", cfg.advertiseHost())
        .put("port", port).put("storePaths", paths).put("version", VERSION).put("syncProgress", progress.toJson())
        .put("scrub", scrub == null ? null : scrub.get()).put("fresh", freshBlocking());
  }

  List<HostPort> trackers() {
    return cfg.trackers();
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
