package io.stowage.storage.server;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.binlog.Binlog;
import io.stowage.storage.binlog.BinlogRecord;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.replication.Hlc;
import io.stowage.storage.replication.Replicator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/** What every storage command handler shares: config, disk layout, binlog, worker pool, file locks. */
public final class StorageContext {
  private final Vertx vertx;
  private final StorageConfig config;
  private final FileStore store;
  private final Binlog binlog;
  private final WorkerExecutor io;
  private final KeyedSerializer fileLocks = new KeyedSerializer();
  private final Replicator replicator;
  private final Hlc clock = new Hlc();

  public StorageContext(Vertx vertx, StorageConfig config, FileStore store, Binlog binlog, WorkerExecutor io, Replicator replicator) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.binlog = binlog;
    this.io = io;
    this.replicator = replicator;
  }

  /** Synchronous replication to the in-sync members of the group. */
  public Replicator replicator() {
    return replicator;
  }

  /** The hybrid logical clock that orders index writes (last writer wins). */
  public Hlc clock() {
    return clock;
  }

  /** The worker pool for blocking disk work. */
  public WorkerExecutor io() {
    return io;
  }

  public Vertx vertx() {
    return vertx;
  }

  public StorageConfig config() {
    return config;
  }

  public FileStore store() {
    return store;
  }

  public Binlog binlog() {
    return binlog;
  }

  /** Runs disk work on the storage worker pool (never on the event loop). */
  public <T> Future<T> blocking(Callable<T> work) {
    return io.executeBlocking(work, false).recover(e -> Future.failedFuture(translate(e)));
  }

  /** Serialises work on one file (by remote filename). */
  public <T> Future<T> locked(FileId id, java.util.function.Supplier<Future<T>> work) {
    return fileLocks.run(id.remoteFilename(), work);
  }

  /** Appends a binlog record, durable when fsync is configured. Blocking. */
  public void logBlocking(char op, String filename, String extra) throws IOException {
    binlog.appendAndSync(BinlogRecord.now(op, filename, extra), config.fsyncAfterWrite());
  }

  /** Appends a binlog record without waiting for it to be durable; returns the offset after it. Blocking. */
  public long appendLogBlocking(char op, String filename, String extra) throws IOException {
    return binlog.append(BinlogRecord.now(op, filename, extra));
  }

  /** Completes once the binlog is durable up to {@code offset} (at once without fsync configured). */
  public Future<Void> syncLog(long offset) {
    return config.fsyncAfterWrite() ? onContext(binlog.syncAsync(offset)) : Future.succeededFuture();
  }

  /** A future completed on the caller's Vert.x context when {@code stage} completes on some other thread. */
  public <T> Future<T> onContext(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  /**
   * The status for a failure: a full disk is ENOSPC (the cached usage that upload admission checks
   * can be a heartbeat old), a missing file ENOENT, anything else as {@link ProtoException#codeOf}.
   */
  public static Throwable translate(Throwable t) {
    if (t instanceof ProtoException) {
      return t;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains("No space left on device")) {
        return new ProtoException(ErrorCode.ENOSPC, "disk full", t);
      }
      if (c instanceof NoSuchFileException) {
        return new ProtoException(ErrorCode.ENOENT, "no such file", t);
      }
    }
    return t;
  }

  /** Size of an existing data file; ENOENT when absent. Blocking. */
  public static long sizeBlocking(Path p) throws IOException {
    try {
      return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
          java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
    } catch (NoSuchFileException e) {
      throw new ProtoException(ErrorCode.ENOENT, "no such file");
    }
  }

  /** The generated name of an appender file; EINVAL for any other file. */
  public static GeneratedName requireAppender(FileId id) {
    GeneratedName g = GeneratedName.decode(id.name());
    if (!g.appender() || isSlave(id)) {
      throw new ProtoException(ErrorCode.EINVAL, "not an appender file");
    }
    return g;
  }

  /** FastDFS's IS_SLAVE_FILE: a data name longer than a normal generated name (27 + 7 chars). */
  public static boolean isSlave(FileId id) {
    return id.name().length() > GeneratedName.BASE_LEN + 7;
  }
}
