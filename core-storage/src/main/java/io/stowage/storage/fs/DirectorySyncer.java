package io.stowage.storage.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Directory fsyncs coalesced per directory: concurrent uploads land in the same subdirectory (round
 * robin rotates every {@code file_distribute_rotate_count} files), and every rename into it that
 * happened before a directory fsync started is covered by it. A request joins the queued, not yet
 * started sync of its directory, or queues a new one; syncs of different directories run in
 * parallel on a few threads of their own (idle threads exit).
 */
public final class DirectorySyncer implements AutoCloseable {
  /** The fsync of one directory. */
  @FunctionalInterface
  interface DirSync {
    void sync(Path dir) throws IOException;
  }

  private final ThreadPoolExecutor pool;
  private final Map<Path, CompletableFuture<Void>> queued = new HashMap<>();
  private final DirSync action;

  public DirectorySyncer(String name, int threads) {
    this(name, threads, FileStore::fsyncDirBlocking);
  }

  DirectorySyncer(String name, int threads, DirSync action) {
    this.action = action;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
  }

  /** Completes once a sync of {@code dir} that started after this call is done. */
  public CompletableFuture<Void> sync(Path dir) {
    synchronized (queued) {
      CompletableFuture<Void> waiting = queued.get(dir);
      if (waiting != null) {
        return waiting; // not started yet, so it covers a rename made before this call
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      try {
        pool.execute(() -> run(dir, f));
      } catch (RejectedExecutionException e) {
        f.completeExceptionally(new IOException("directory syncer closed"));
        return f;
      }
      queued.put(dir, f);
      return f;
    }
  }

  /** {@link #sync} and wait (worker threads only). */
  public void syncBlocking(Path dir) throws IOException {
    GroupCommitter.await(sync(dir));
  }

  private void run(Path dir, CompletableFuture<Void> f) {
    synchronized (queued) {
      queued.remove(dir, f); // from now on, a new rename needs a new sync
    }
    try {
      action.sync(dir);
      f.complete(null);
    } catch (Throwable t) {
      f.completeExceptionally(t);
    }
  }

  /** Runs the queued syncs, then stops the threads. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
