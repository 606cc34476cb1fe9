package io.stowage.storage.replication;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.fs.StorePath;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background scrub: re-reads every stored data file at {@code scrub_files_per_second}, checks it
 * against the size and CRC32 its generated name carries, and replaces a bad copy with the file of an
 * ACTIVE peer of the group ({@link Applier#pullFile}, which checks the copy against the name too).
 * A good copy is also looked up on the other ACTIVE members, and a member that lacks it is given it
 * (see {@link #checkPeers}). One pass walks every store path's {@code data/XX/YY} directories in order, one directory listing in
 * memory at a time; the next pass starts {@code scrub_pass_interval} after one ends.
 *
 * <p>Scrub walks data files, never index entries: a small object stored inline in its key's index
 * entry has no file, so it is neither checked nor reported missing here (index entries are replicated
 * and caught up like any other, with their inline bytes).
 *
 * <p>Files whose name does not pin their content are not checked: appender files (their bytes change
 * after the name is made), slave files (they carry their master's name) and metadata files. Counts
 * ({@link #toJson}) go to the trackers with every beat and show in CLUSTER_STATE as {@code scrub}:
 * files checked and bad copies found and repaired since start (a copy that stays bad counts once), and
 * under-replicated: files now bad here with no ACTIVE peer able to supply a good copy (the group may
 * hold no good copy of them); a bad copy is left in place.
 */
public final class Scrub {
  private static final Logger log = LoggerFactory.getLogger(Scrub.class);

  private final StorageContext ctx;
  private final Applier applier;
  private final Replicator replicator;
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong bad = new AtomicLong();
  private final AtomicLong repaired = new AtomicLong();
  /** Files found bad here that no ACTIVE peer could replace (until a later check finds them good or gone). */
  private final java.util.Set<String> underReplicated = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong repairedPeers = new AtomicLong();
  private volatile long lastPassEndMs;
  private volatile boolean stopped;
  private Vertx vertx;
  private long timer = -1;

  public Scrub(StorageContext ctx, Applier applier, Replicator replicator) {
    this.ctx = ctx;
    this.applier = applier;
    this.replicator = replicator;
  }

  /** Starts the first pass after one pass interval (0 files/s = scrub off). Call on the server's event loop. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    if (ctx.config().scrubFilesPerSecond() <= 0) {
      log.info("scrub disabled (scrub_files_per_second = 0)");
      return;
    }
    schedule(Math.min(ctx.config().scrubPassInterval().toMillis(), 60_000));
  }

  public void stop() {
    stopped = true;
    if (timer >= 0 && vertx != null) {
      vertx.cancelTimer(timer);
    }
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delayMs), id -> {
      timer = -1;
      pass().onComplete(ar -> {
        if (ar.failed()) {
          log.warn("scrub pass failed: {}", ar.cause().toString());
        }
        lastPassEndMs = System.currentTimeMillis();
        passes.incrementAndGet();
        schedule(ctx.config().scrubPassInterval().toMillis());
      });
    });
  }

  /** One pass over every store path; completes when every file was checked (and repaired if needed). */
  public Future<Void> pass() {
    return ctx.blocking(this::leafDirectories).compose(dirs -> eachDir(dirs, 0));
  }

  private List<Path[]> leafDirectories() throws IOException {
    List<Path[]> out = new ArrayList<>();
    for (StorePath sp : ctx.store().paths()) {
      for (Path d1 : sortedDirs(sp.dataDir())) {
        for (Path d2 : sortedDirs(d1)) {
          out.add(new Path[] {sp.root(), d2});
        }
      }
    }
    return out;
  }

  private static List<Path> sortedDirs(Path dir) throws IOException {
    List<Path> l = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return l;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().matches("[0-9A-F]{2}")
        && Files.isDirectory(p))) {
      s.forEach(l::add);
    }
    l.sort(null);
    return l;
  }

  private Future<Void> eachDir(List<Path[]> dirs, int i) {
    if (stopped || i >= dirs.size()) {
      return Future.succeededFuture();
    }
    Path[] d = dirs.get(i);
    return ctx.blocking(() -> files(d[0], d[1])).compose(ids -> eachFile(ids, 0)).compose(v -> eachDir(dirs, i + 1));
  }

  /** The checkable file IDs of one {@code data/XX/YY} directory. */
  private List<FileId> files(Path storeRoot, Path dir) throws IOException {
    List<FileId> ids = new ArrayList<>();
    int storeIndex = -1;
    for (StorePath sp : ctx.store().paths()) {
      if (sp.root().equals(storeRoot)) {
        storeIndex = sp.index();
      }
    }
    String remoteDir = String.format("M%02X/%s/%s/", storeIndex, dir.getParent().getFileName(), dir.getFileName());
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path f : s) {
        String name = f.getFileName().toString();
        if (name.endsWith(FileStore.META_SUFFIX) || !Files.isRegularFile(f)) {
          continue;
        }
        try {
          FileId id = ctx.store().parse(ctx.config().group(), remoteDir + name);
          if (!GeneratedName.decode(id.name()).appender() && !StorageContext.isSlave(id)) {
            ids.add(id);
          }
        } catch (RuntimeException e) {
          // not a generated name: not ours to judge
        }
      }
    }
    ids.sort((a, b) -> a.name().compareTo(b.name()));
    return ids;
  }

  private Future<Void> eachFile(List<FileId> ids, int i) {
    if (stopped || i >= ids.size()) {
      return Future.succeededFuture();
    }
    FileId id = ids.get(i);
    return check(id).recover(e -> {
      log.warn("scrub of {} failed: {}", id, e.toString());
      return Future.succeededFuture();
    }).compose(v -> pace()).compose(v -> eachFile(ids, i + 1));
  }

  private Future<Void> pace() {
    int rate = ctx.config().scrubFilesPerSecond();
    long delay = rate >= 1000 ? 0 : 1000 / rate;
    if (delay == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(delay, t -> p.complete());
    return p.future();
  }

  /** Checks one file (under its lock, so no delete or repair runs meanwhile); repairs it when bad. */
  public Future<Void> check(FileId id) {
    return ctx.locked(id, () -> ctx.<Boolean>blocking(() -> {
      Path f = ctx.store().resolve(id);
      GeneratedName g = GeneratedName.decode(id.name());
      long size;
      CRC32 crc = new CRC32();
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
          crc.update(buf, 0, r);
          n += r;
        }
        size = n;
      } catch (NoSuchFileException e) {
        underReplicated.remove(id.toString());
        return null; // deleted since the directory was listed
      }
      checked.incrementAndGet();
      boolean ok = size == g.size() && (int) crc.getValue() == g.crc32();
      if (ok) {
        underReplicated.remove(id.toString());
      }
      return ok;
    })).compose(ok -> ok == null ? Future.succeededFuture() : ok ? checkPeers(id) : repair(id));
  }

  /**
   * A good copy here: do the group's other ACTIVE members have one too? A member without it (ENOENT)
   * is asked again after {@link #confirmDelayMs} — long enough for a delete or an upload still in
   * flight to settle (or for its writer to have reported this server out of sync) — and only if this
   * server is still ACTIVE, still has the file and the member still lacks it, the member is told to
   * copy it from here (REPLICA_APPLY pullFile). Only ACTIVE servers push, so a server that missed a
   * delete while out of sync never resurrects the file on its peers.
   */
  private Future<Void> checkPeers(FileId id) {
    GroupMembers v = replicator.membership().view();
    if (v.self() != ServerStatus.ACTIVE) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>();
    for (GroupMembers.Member peer : v.inSyncPeers(ctx.config().serverId())) {
      all.add(hasFile(peer, id).compose(has -> {
        if (!has) {
          vertx.setTimer(confirmDelayMs(), t -> confirmMissing(id, peer));
        }
        return Future.<Void>succeededFuture();
      }, e -> Future.succeededFuture())); // unreachable peer: catch-up and the trackers deal with it
    }
    return Future.join(all).mapEmpty();
  }

  private long confirmDelayMs() {
    return ctx.config().replicationTimeout().toMillis() + 2 * ctx.config().heartbeatInterval().toMillis();
  }

  private Future<Boolean> hasFile(GroupMembers.Member peer, FileId id) {
    return new io.stowage.common.client.StorageClient(replicator.pool()).queryFileInfo(peer.address(), id).map(true)
        .recover(e -> io.stowage.common.proto.ProtoException.codeOf(e) == io.stowage.common.proto.ErrorCode.ENOENT
            ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  private void confirmMissing(FileId id, GroupMembers.Member peer) {
    if (stopped) {
      return;
    }
    GroupMembers v = replicator.membership().view();
    boolean peerActive = v.inSyncPeers(ctx.config().serverId()).stream().anyMatch(m -> m.serverId() == peer.serverId());
    if (v.self() != ServerStatus.ACTIVE || !peerActive) {
      return;
    }
    ctx.locked(id, () -> ctx.blocking(() -> Files.exists(ctx.store().resolve(id)))
        .compose(here -> here ? hasFile(peer, id).map(has -> !has) : Future.succeededFuture(false))
        .compose(missing -> {
          if (!missing) {
            return Future.succeededFuture(false);
          }
          JsonObject body = new JsonObject().put("op", "pullFile").put("fileId", id.toString())
              .put("source", new io.stowage.common.config.HostPort(ctx.config().advertiseHost(), replicator.selfPort()).toString())
              .put("binlogOp", "C");
          return replicator.pool().with(peer.address(), c -> c.call(io.stowage.common.proto.Commands.REPLICA_APPLY,
              body.toBuffer(), 64 * 1024)).map(true);
        }))
        .onSuccess(pushed -> {
          if (pushed) {
            repairedPeers.incrementAndGet();
            log.warn("scrub: server {} had no copy of {}: copied it from here", peer.serverId(), id);
          }
        })
        .onFailure(e -> log.warn("scrub: could not give server {} its missing copy of {}: {}", peer.serverId(), id, e.toString()));
  }

  private Future<Void> repair(FileId id) {
    if (!underReplicated.contains(id.toString())) {
      bad.incrementAndGet(); // counted once per bad copy, not once per pass
    }
    GroupMembers view = replicator.membership().view();
    List<GroupMembers.Member> peers = view.members().stream()
        .filter(m -> m.serverId() != ctx.config().serverId() && m.status() == ServerStatus.ACTIVE).toList();
    log.error("scrub: {} does not match the size/CRC32 in its name; repairing from {} ACTIVE peer(s)", id, peers.size());
    return repairFrom(id, peers, 0);
  }

  private Future<Void> repairFrom(FileId id, List<GroupMembers.Member> peers, int i) {
    if (i >= peers.size()) {
      if (underReplicated.add(id.toString())) {
        log.error("scrub: no ACTIVE peer could supply a good copy of {}: under-replicated", id);
      }
      return Future.succeededFuture();
    }
    GroupMembers.Member peer = peers.get(i);
    return applier.pullFile(replicator.pool(), peer.address(), id, false, 'C', null).transform(ar -> {
      if (ar.succeeded() && ar.result()) {
        underReplicated.remove(id.toString());
        repaired.incrementAndGet();
        log.warn("scrub: repaired {} from server {}", id, peer.serverId());
        return Future.succeededFuture();
      }
      log.warn("scrub: server {} could not supply {}: {}", peer.serverId(), id,
          ar.failed() ? ar.cause().toString() : "it has no copy");
      return repairFrom(id, peers, i + 1);
    });
  }

  /** {@code {"checked","bad","repaired","repairedPeers","underReplicated","passes","lastPassEndMs","filesPerSecond"}}. */
  public JsonObject toJson() {
    return new JsonObject().put("checked", checked.get()).put("bad", bad.get()).put("repaired", repaired.get()).put("repairedPeers", repairedPeers.get())
        .put("underReplicated", underReplicated.size()).put("passes", passes.get()).put("lastPassEndMs", lastPassEndMs)
        .put("filesPerSecond", ctx.config().scrubFilesPerSecond());
  }
}
