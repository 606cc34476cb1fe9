package io.stowage.tracker.raft;

import io.stowage.tracker.cluster.ClusterState;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link io.stowage.tracker.cluster.ClusterCommands} JSON log entries to the
 * {@link ClusterState}. A snapshot is the whole state as one JSON file in Ratis's
 * {@link SimpleStateMachineStorage} (with its MD5); on start the latest snapshot is loaded and Ratis
 * replays the log entries after it. Read-only queries ({@code "state"}) answer the state as JSON.
 */
public final class ClusterStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(ClusterStateMachine.class);
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private volatile ClusterState state = ClusterState.EMPTY;
  /** Callers waiting until this tracker has applied a log index (read-your-writes on followers). */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  public ClusterState state() {
    return state;
  }

  /** The index of the last log entry (or snapshot) applied here; -1 before any. */
  public long appliedIndex() {
    TermIndex t = getLastAppliedTermIndex();
    return t == null ? -1 : t.getIndex();
  }

  /** Completes once this tracker has applied log entry {@code index} (at once if it has). */
  public CompletableFuture<Void> awaitApplied(long index) {
    if (appliedIndex() >= index) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = waiters.computeIfAbsent(index, k -> new CompletableFuture<>());
    if (appliedIndex() >= index) {
      releaseWaiters();
    }
    return f;
  }

  private void releaseWaiters() {
    long applied = appliedIndex();
    var done = waiters.headMap(applied, true);
    done.values().forEach(f -> f.complete(null));
    done.clear();
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    reinitialize();
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (!Files.exists(file)) {
      log.warn("snapshot file {} is missing", file);
      return;
    }
    MD5Hash md5 = snapshot.getFile().getFileDigest();
    if (md5 != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), md5);
    }
    TermIndex last = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
    ClusterState loaded = ClusterState.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    state = loaded;
    setLastAppliedTermIndex(last);
    releaseWaiters();
    log.info("loaded cluster state snapshot {} ({})", file.getFileName(), loaded);
  }

  @Override
  public long takeSnapshot() throws IOException {
    ClusterState s;
    TermIndex applied;
    synchronized (this) {
      s = state;
      applied = getLastAppliedTermIndex();
    }
    if (applied == null || applied.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    File file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
    Path tmp = file.toPath().resolveSibling("cluster-state.json.writing");
    Files.writeString(tmp, s.toJson().encode(), StandardCharsets.UTF_8);
    Files.move(tmp, file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), applied));
    log.info("wrote cluster state snapshot {} ({})", file.getName(), s);
    return applied.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    String data = entry.getStateMachineLogEntry().getLogData().toStringUtf8();
    JsonObject reply;
    synchronized (this) {
      JsonObject cmd;
      try {
        cmd = new JsonObject(data);
      } catch (RuntimeException e) {
        cmd = new JsonObject();
      }
      ClusterState.Applied applied = state.apply(cmd);
      state = applied.state();
      reply = applied.reply();
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    releaseWaiters();
    return CompletableFuture.completedFuture(Message.valueOf(reply.encode()));
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.valueOf(state.toJson().encode()));
  }
}
