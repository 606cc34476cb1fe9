package io.stowage.storage.replication;

import io.stowage.common.client.Response;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.DataTail;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.index.IndexContext;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up, FastDFS style: every {@code sync_interval} this server reads each ACTIVE peer's binlog
 * from the offset it last applied from that peer (persisted in {@code data/sync/peer-<id>.offset}),
 * and applies every record: files are pulled from the peer when missing or different, deletes
 * applied, metadata and index entries copied (last writer wins). Applying is idempotent and logs
 * only real changes, so members never ping-pong. A WAIT_SYNC or SYNCING server that has reached the
 * end of every ACTIVE peer's binlog reports SYNC_DONE and becomes ACTIVE; an ACTIVE one keeps
 * tailing (it closes the window between its SYNC_DONE and its peers learning it is in sync). A
 * corrupt binlog record is counted, logged and skipped. Runs on the storage server's event loop.
 */
public final class CatchUp {
  private static final Logger log = LoggerFactory.getLogger(CatchUp.class);
  private static final int READ_BYTES = 256 * 1024;
  /** Most records applied at once (see {@link #step}). */
  static final int RUN_RECORDS = 32;
  /** File pulls among them: each may be a large file streamed from the peer and written here. */
  static final int RUN_FILE_PULLS = 8;

  private final StorageContext ctx;
  private final IndexContext index;
  private final Applier applier;
  private final Replicator replicator;
  private final SyncProgress progress = new SyncProgress();
  private final Map<Integer, Long> offsets = new HashMap<>();
  private final Path dir;
  private Vertx vertx;
  private long timer = -1;
  private boolean running;
  private boolean stopped;

  public CatchUp(StorageContext ctx, IndexContext index, Applier applier, Replicator replicator) {
    this.ctx = ctx;
    this.index = index;
    this.applier = applier;
    this.replicator = replicator;
    this.dir = ctx.config().basePath().resolve("data").resolve("sync");
  }

  public SyncProgress progress() {
    return progress;
  }

  /** Starts the periodic passes; call on the storage server's event loop. */
  public void start(Vertx vertx) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(ctx.config().syncInterval().toMillis(), id -> tick());
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void tick() {
    if (running || stopped) {
      return;
    }
    running = true;
    pass().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        progress.error(ar.cause().toString());
        log.debug("catch-up pass failed: {}", ar.cause().toString());
      }
    });
  }

  /** One pass over every ACTIVE peer; reports SYNC_DONE when catching up and every peer is done. */
  Future<Void> pass() {
    GroupMembers v = replicator.membership().view();
    ServerStatus self = v.self();
    boolean catchingUp = self == ServerStatus.WAIT_SYNC || self == ServerStatus.SYNCING;
    if (!catchingUp && self != ServerStatus.ACTIVE) {
      return Future.succeededFuture();
    }
    List<GroupMembers.Member> peers = v.inSyncPeers(ctx.config().serverId());
    progress.state(self.name());
    if (peers.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Boolean> started = Future.succeededFuture(true);
    if (self == ServerStatus.WAIT_SYNC) {
      // FastDFS's WAIT_SYNC -> SYNCING -> ACTIVE: tell the trackers the copy has started
      started = replicator.trackerCall(Commands.SYNC_START, new JsonObject().put("serverId", ctx.config().serverId()))
          .map(answer -> {
            replicator.membership().accept(answer);
            return true;
          });
    }
    return started.compose(x -> syncAll(peers)).compose(done -> {
      if (!done || !catchingUp || stopped) {
        return Future.succeededFuture();
      }
      // caught up: have every ACTIVE peer send us every write from now on (and finish the writes it
      // has in flight), replay what landed meanwhile, then join the in-sync set. The epoch read
      // before the admissions makes the trackers refuse SYNC_DONE if a write to us failed since.
      long epoch = replicator.membership().view().epochOf(ctx.config().serverId());
      return admit(peers).compose(v2 -> syncAll(peers)).compose(again -> {
        if (!again || stopped) {
          return Future.succeededFuture();
        }
        log.info("server {} replayed every ACTIVE peer's binlog ({}): reporting SYNC_DONE", ctx.config().serverId(), self);
        return replicator.trackerCall(Commands.SYNC_DONE, new JsonObject().put("serverId", ctx.config().serverId()).put("epoch", epoch))
            .map(answer -> {
              replicator.membership().accept(answer);
              progress.state(answer.getString("status", self.name()));
              return null;
            });
      });
    });
  }

  /** One pass over {@code peers}; completes with whether every peer's binlog end was reached. */
  private Future<Boolean> syncAll(List<GroupMembers.Member> peers) {
    Future<Boolean> all = Future.succeededFuture(true);
    for (GroupMembers.Member p : peers) {
      // an unreachable peer does not keep the others from being replayed (it blocks SYNC_DONE only)
      all = all.compose(done -> syncFrom(p).recover(e -> {
        progress.error("server " + p.serverId() + ": " + e);
        log.debug("catch-up from server {} failed: {}", p.serverId(), e.toString());
        return Future.succeededFuture(false);
      }).map(d -> d && done));
    }
    return all;
  }

  /** MEMBER_ADMIT on every peer (each answers once its writes in flight are done). */
  private Future<Void> admit(List<GroupMembers.Member> peers) {
    // our address as we report it to the trackers: a peer still holding the one from before a restart
    // refuses (EAGAIN) until its next beat, so its writes never go to a dead address once we are in sync
    JsonObject body = new JsonObject().put("serverId", ctx.config().serverId());
    if (replicator.selfPort() > 0) {
      body.put("port", replicator.selfPort());
      String host = ctx.config().advertiseHost();
      if (host != null && !host.isBlank()) {
        body.put("host", host); // blank: the trackers use the address the beats come from
      }
    }
    List<Future<?>> calls = new ArrayList<>();
    for (GroupMembers.Member p : peers) {
      calls.add(replicator.call(p.address(), c -> c.call(Commands.MEMBER_ADMIT, body.toBuffer(), 4096)));
    }
    return Future.all(calls).mapEmpty();
  }

  /**
   * Reads and applies the peer's binlog up to the end it had at this pass's first read; completes
   * with whether that end was reached. Records landing meanwhile are the next pass's: chasing a
   * binlog that grows under write load would turn a pass into a loop of reads, WAL syncs and offset
   * saves (about 5 % of a member's CPU under 16 concurrent small PUTs), and an ACTIVE member gets
   * those writes synchronously anyway. A catching-up member replays once more after its admission.
   */
  private Future<Boolean> syncFrom(GroupMembers.Member peer) {
    return offset(peer.serverId()).compose(start -> readFrom(peer, start, 0, -1));
  }

  /** The lines of a BINLOG_READ answer: a tail's bytes, or standard base64 from a server without tails. */
  static byte[] lines(JsonObject answer) {
    Object data = answer.getMap().get("data"); // getValue would turn a byte[] into base64url text
    return data instanceof byte[] b ? b : Base64.getDecoder().decode(data == null ? "" : (String) data);
  }

  /** @param passEnd the peer's binlog end when this pass started (-1 before its first read) */
  private Future<Boolean> readFrom(GroupMembers.Member peer, long offset, int round, long passEnd) {
    if (stopped) {
      return Future.succeededFuture(false);
    }
    JsonObject req = new JsonObject().put("offset", offset).put("maxBytes", READ_BYTES).put(DataTail.ACCEPT, true);
    return replicator.call(peer.address(), c -> c.call(Commands.BINLOG_READ, req.toBuffer(), 4 << 20))
        .map(Response::body).map(DataTail::decode).compose(a -> {
          long end = a.getLong("end", 0L);
          long target = passEnd < 0 ? end : passEnd;
          progress.peer(peer.serverId(), offset, end);
          if (a.getBoolean("reset", false)) {
            log.warn("binlog of server {} is shorter ({}) than our offset {}: replaying it from the start", peer.serverId(), end, offset);
            return save(peer.serverId(), 0).compose(v -> round > 0 ? Future.succeededFuture(false) : readFrom(peer, 0, round + 1, -1));
          }
          if (a.containsKey("skipTo")) {
            long to = a.getLong("skipTo");
            progress.corrupt();
            log.warn("binlog of server {}: skipped an over-long record at offset {} ({} bytes)", peer.serverId(), offset, to - offset);
            return save(peer.serverId(), to).compose(v -> readFrom(peer, to, round, target));
          }
          byte[] data = lines(a);
          if (data.length == 0) {
            return Future.succeededFuture(offset >= end);
          }
          // a change skipped because it was already here may still be in an unsynced index write
          // (a replica apply in flight): make those durable before the offset says so
          return applyAll(peer, offset, data).compose(next -> index.syncWal().map(next))
              .compose(next -> save(peer.serverId(), next).map(next)).compose(next -> {
            progress.peer(peer.serverId(), next, end);
            if (next == offset) {
              return Future.succeededFuture(false); // its first record failed: retried next pass, not at once in a loop
            }
            return next >= target ? Future.succeededFuture(true) : readFrom(peer, next, round, target);
          });
        });
  }

  /** Applies the lines of {@code data} (complete lines starting at {@code offset}) in order; completes with the next offset. */
  private Future<Long> applyAll(GroupMembers.Member peer, long offset, byte[] data) {
    List<long[]> lines = new ArrayList<>(); // start, end (exclusive of '\n')
    int s = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        lines.add(new long[] {s, i});
        s = i + 1;
      }
    }
    Promise<Long> done = Promise.promise();
    step(peer, offset, data, lines, 0, done);
    return done.future();
  }

  /**
   * Applies lines from {@code i} without deep future chains: loops while each step completes at
   * once. A run of consecutive records whose order does not matter (up to {@link #RUN_RECORDS}:
   * index records, where last writer wins, and creates of distinct files) is applied at once; each
   * may wait for a round trip to the peer and a file's fsyncs, which one at a time bounded a new
   * member's copy to a few hundred records a second. Other file records (append, delete, rename,
   * metadata) are applied alone, in binlog order, so nothing is reordered around them.
   */
  private void step(GroupMembers.Member peer, long base, byte[] data, List<long[]> lines, int i, Promise<Long> done) {
    int at = i;
    while (at < lines.size()) {
      if (stopped) {
        done.tryComplete(base + lines.get(at)[0]);
        return;
      }
      long delay = throttleMs();
      int next = delay > 0 ? at + 1 : batchEnd(data, lines, at);
      Future<Void> f = applyLines(peer, base, data, lines, at, next);
      if (!f.isComplete() || delay > 0) {
        f.onComplete(ar -> {
          if (ar.failed()) {
            stopAt(peer, base, ar.cause(), done);
            return;
          }
          if (delay > 0) {
            vertx.setTimer(delay, t -> step(peer, base, data, lines, next, done));
          } else {
            step(peer, base, data, lines, next, done);
          }
        });
        return;
      }
      if (f.failed()) {
        stopAt(peer, base, f.cause(), done);
        return;
      }
      at = next;
    }
    done.tryComplete(base + (lines.isEmpty() ? 0 : lines.get(lines.size() - 1)[1] + 1));
  }

  /** Ends the pass at the failed record (retried next pass; records after it that applied are applied again, harmlessly). */
  private void stopAt(GroupMembers.Member peer, long base, Throwable failure, Promise<Long> done) {
    LineFailed f = failure instanceof LineFailed lf ? lf : new LineFailed(0, failure);
    long offset = base + f.lineStart;
    done.tryComplete(offset);
    progress.error(f.getCause().toString());
    log.debug("catch-up from server {} stopped at {}: {}", peer.serverId(), offset, f.getCause().toString());
  }

  /**
   * Where the step starting at line {@code from} ends (exclusive): a run of up to {@link #RUN_RECORDS}
   * records that may be applied in any order (index records, and creates of distinct files), or
   * just the record at {@code from}.
   */
  static int batchEnd(byte[] data, List<long[]> lines, int from) {
    Set<String> created = new HashSet<>();
    int to = from;
    while (to < lines.size() && to - from < RUN_RECORDS && commutes(data, lines.get(to), created)) {
      to++;
    }
    return Math.max(to, from + 1);
  }

  /**
   * Whether a line ({@code <seconds> <op> <filename>[ <extra>]}) can be applied in any order with
   * the other records of its run: an index record (last writer wins), or the create of a file no
   * other record of the run names, up to {@link #RUN_FILE_PULLS} of them (each pull holds its
   * file's lock; a create of a missing file depends on nothing else). Appends, deletes, renames and
   * metadata keep their place; a malformed line is not batched.
   */
  private static boolean commutes(byte[] data, long[] line, Set<String> created) {
    int start = (int) line[0];
    int end = (int) line[1];
    int s1 = indexOf(data, (byte) ' ', start, end);
    if (s1 < 0 || s1 + 3 > end || data[s1 + 2] != ' ') {
      return false;
    }
    char op = Character.toUpperCase((char) data[s1 + 1]);
    if (op == BinlogRecord.INDEX_PUT || op == BinlogRecord.INDEX_DELETE) {
      return true;
    }
    if (op != BinlogRecord.CREATE || created.size() >= RUN_FILE_PULLS) {
      return false;
    }
    int s3 = indexOf(data, (byte) ' ', s1 + 3, end);
    int nameEnd = s3 < 0 ? end : s3;
    return created.add(new String(data, s1 + 3, nameEnd - (s1 + 3), StandardCharsets.UTF_8));
  }

  private static int indexOf(byte[] data, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Applies lines {@code [from, to)} at once; fails with the first failed line as a {@link LineFailed}. */
  private Future<Void> applyLines(GroupMembers.Member peer, long base, byte[] data, List<long[]> lines, int from, int to) {
    List<Future<Void>> applied = new ArrayList<>(to - from);
    for (int k = from; k < to; k++) {
      long[] l = lines.get(k);
      String text = new String(data, (int) l[0], (int) (l[1] - l[0]), StandardCharsets.UTF_8);
      applied.add(applyLine(peer, base + l[0], text).recover(e -> Future.failedFuture(new LineFailed(l[0], e))));
    }
    if (applied.size() == 1) {
      return applied.get(0);
    }
    return Future.join(applied).transform(ar -> {
      for (Future<Void> f : applied) {
        if (f.failed()) {
          return Future.failedFuture(f.cause()); // the first in binlog order
        }
      }
      return Future.succeededFuture();
    });
  }

  /** A record that failed to apply, with where its line starts in the batch read. */
  private static final class LineFailed extends RuntimeException {
    final long lineStart;

    LineFailed(long lineStart, Throwable cause) {
      super(cause.toString(), cause, false, false);
      this.lineStart = lineStart;
    }
  }

  private long throttleMs() {
    int rate = ctx.config().syncRecordsPerSecond();
    return rate <= 0 ? 0 : Math.max(1, 1000L / rate);
  }

  /** Applies one binlog line of {@code peer}; a corrupt line is reported and skipped. */
  private Future<Void> applyLine(GroupMembers.Member peer, long offset, String line) {
    BinlogRecord r;
    FileId id = null;
    IndexRecord ix = null;
    try {
      r = BinlogRecord.parse(line);
      if (r.indexOp()) {
        // decoded here so that a malformed bucket, key or version is skipped as corrupt, not retried forever
        ix = new IndexRecord(r.indexBucket(), r.indexKey(), r.indexVersion());
      } else {
        String name = r.filename();
        if (Character.toUpperCase(r.op()) == BinlogRecord.UPDATE_META && name.endsWith(FileStore.META_SUFFIX)) {
          name = name.substring(0, name.length() - FileStore.META_SUFFIX.length());
        }
        id = ctx.store().parse(ctx.config().group(), name);
      }
    } catch (RuntimeException e) {
      progress.corrupt();
      log.warn("binlog of server {}: corrupt record at offset {} skipped: {} ({})", peer.serverId(), offset,
          line.length() > 200 ? line.substring(0, 200) : line, e.getMessage());
      return Future.succeededFuture();
    }
    HostPort src = peer.address();
    Future<Boolean> f = switch (Character.toUpperCase(r.op())) {
      case BinlogRecord.CREATE, BinlogRecord.LINK -> applier.pullFile(replicator.pool(), src, id, true, r.op(), r.extra());
      case BinlogRecord.APPEND, BinlogRecord.MODIFY, BinlogRecord.TRUNCATE ->
          applier.pullFile(replicator.pool(), src, id, false, r.op(), r.extra());
      case BinlogRecord.RENAME -> renamed(src, id, r);
      case BinlogRecord.DELETE -> applier.delete(id);
      case BinlogRecord.UPDATE_META -> applier.pullMeta(replicator.pool(), src, id);
      case BinlogRecord.INDEX_PUT, BinlogRecord.INDEX_DELETE -> indexEntry(src, ix);
      default -> Future.succeededFuture(false);
    };
    return f.map(changed -> {
      if (changed) {
        progress.applied();
      }
      return null;
    });
  }

  private Future<Boolean> renamed(HostPort src, FileId to, BinlogRecord r) {
    Future<Boolean> pulled = applier.pullFile(replicator.pool(), src, to, true, r.op(), r.extra());
    if (r.extra() == null) {
      return pulled;
    }
    FileId old = ctx.store().parse(ctx.config().group(), r.extra());
    return pulled.compose(p -> applier.pullMeta(replicator.pool(), src, to)).compose(p -> applier.delete(old));
  }

  /** The decoded fields of an index record; {@code version} is null for a line logged without one. */
  private record IndexRecord(String bucket, byte[] key, BinlogRecord.IndexVersion version) {}

  private Future<Boolean> indexEntry(HostPort src, IndexRecord r) {
    if (r.version() == null) {
      return fetchEntry(src, r.bucket(), r.key());
    }
    // an in-sync member already got this change from its origin before the write was answered
    return index.holds(r.bucket(), r.key(), r.version())
        .compose(held -> held ? Future.succeededFuture(false) : fetchEntry(src, r.bucket(), r.key()));
  }

  /** Copies the peer's current entry (or tombstone) of the key when it is newer than ours. */
  private Future<Boolean> fetchEntry(HostPort src, String bucket, byte[] key) {
    progress.fetched();
    JsonObject req = new JsonObject().put("bucket", bucket).put("key", new String(key, StandardCharsets.UTF_8))
        .put(DataTail.ACCEPT, true);
    return replicator.call(src, c -> c.call(Commands.INDEX_FETCH, req.toBuffer(), 64 << 20)).compose(resp -> {
      JsonObject j = DataTail.decode(resp.body());
      if (!j.getBoolean("found", false)) {
        return Future.succeededFuture(false);
      }
      return index.applyReplica(bucket, key, IndexContext.fromReplica(j));
    });
  }

  private Future<Long> offset(int peer) {
    Long known = offsets.get(peer);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Path f = dir.resolve("peer-" + peer + ".offset");
    return ctx.blocking(() -> {
      try {
        return Long.parseLong(Files.readString(f).trim());
      } catch (NoSuchFileException e) {
        return 0L;
      } catch (NumberFormatException e) {
        log.warn("{} is unreadable: replaying server {}'s binlog from the start", f, peer);
        return 0L;
      }
    }).onSuccess(o -> offsets.put(peer, o));
  }

  /** Persists the offset applied from {@code peer} (everything before it is durable here). */
  private Future<Void> save(int peer, long offset) {
    Long old = offsets.put(peer, offset);
    if (old != null && old == offset) {
      return Future.succeededFuture();
    }
    Path f = dir.resolve("peer-" + peer + ".offset");
    return ctx.blocking(() -> {
      Path tmp = dir.resolve("peer-" + peer + ".offset.tmp");
      Files.writeString(tmp, Long.toString(offset));
      if (ctx.store().fsync()) {
        FileStore.fsyncFileBlocking(tmp);
      }
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return null;
    });
  }

}
