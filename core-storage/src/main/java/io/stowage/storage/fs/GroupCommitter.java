package io.stowage.storage.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Group commit of one sync action (an fsync): writers that made a change call {@link #commit} and
 * all of them that are waiting when the dedicated thread starts a sync share that one sync. A writer
 * arriving while a sync runs waits for the next one (its change may have missed the running one).
 * When the sync fails, every waiter of that batch fails with the same cause.
 *
 * <p>The caller must have finished its write before calling {@link #commit}: the sync of its batch
 * starts after the call, so it covers the write.
 */
public final class GroupCommitter implements AutoCloseable {
  /** The shared sync, e.g. {@code channel.force(false)}. */
  @FunctionalInterface
  public interface SyncAction {
    void sync() throws IOException;
  }

  private final SyncAction action;
  private final Thread thread;
  private final Object lock = new Object();
  private List<CompletableFuture<Void>> pending = new ArrayList<>();
  private boolean closed;
  private long syncs;

  /** Starts the committer's thread (a daemon named {@code name}). */
  public GroupCommitter(String name, SyncAction action) {
    this.action = action;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes once a sync that started after this call has succeeded; fails with that sync's error. */
  public CompletableFuture<Void> commit() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        f.completeExceptionally(new IOException("group committer closed"));
        return f;
      }
      pending.add(f);
      lock.notifyAll();
    }
    return f;
  }

  /** {@link #commit} and wait for it (worker threads only). */
  public void commitBlocking() throws IOException {
    await(commit());
  }

  /** Waits for a commit future, rethrowing its failure as the IOException (or runtime exception) it was. */
  public static void await(CompletableFuture<Void> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a sync");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  static IOException rethrow(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof UncheckedIOException u) {
      return u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IOException(t);
  }

  /** How many syncs ran so far (each served one batch). */
  public long syncs() {
    synchronized (lock) {
      return syncs;
    }
  }

  private void loop() {
    while (true) {
      List<CompletableFuture<Void>> batch;
      synchronized (lock) {
        while (pending.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // only close() stops the committer, after the last batch
          }
        }
        if (pending.isEmpty()) {
          return; // closed and drained
        }
        batch = pending;
        pending = new ArrayList<>();
        syncs++;
      }
      Throwable failure = null;
      try {
        action.sync();
      } catch (Throwable t) {
        failure = t;
      }
      for (CompletableFuture<Void> f : batch) {
        if (failure == null) {
          f.complete(null);
        } else {
          f.completeExceptionally(failure);
        }
      }
    }
  }

  /** Runs a last sync for the writers still waiting, then stops the thread; later commits fail. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
