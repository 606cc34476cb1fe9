package io.stowage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
  /** A sync action that holds each sync until the test lets it finish, and can be told to fail. */
  private static final class GatedSync implements GroupCommitter.SyncAction {
    final Semaphore started = new Semaphore(0);
    final Semaphore release = new Semaphore(0);
    final AtomicInteger calls = new AtomicInteger();
    volatile IOException failWith;

    @Override
    public void sync() throws IOException {
      calls.incrementAndGet();
      started.release();
      release.acquireUninterruptibly();
      if (failWith != null) {
        throw failWith;
      }
    }

    void awaitStarted() throws InterruptedException {
      assertTrue(started.tryAcquire(10, TimeUnit.SECONDS), "sync did not start");
    }
  }

  @Test
  void concurrentWaitersShareOneSync() throws Exception {
    GatedSync action = new GatedSync();
    try (GroupCommitter c = new GroupCommitter("test-commit", action)) {
      CompletableFuture<Void> first = c.commit();
      action.awaitStarted(); // the first sync runs and holds: the next writers queue up behind it
      List<CompletableFuture<Void>> batch = commitFromThreads(c, 8);
      action.release.release();
      first.get(10, TimeUnit.SECONDS);
      action.awaitStarted(); // one more sync, for the whole queued batch
      for (CompletableFuture<Void> f : batch) {
        assertFalse(f.isDone(), "a writer that came during a sync must wait for the next one");
      }
      action.release.release();
      for (CompletableFuture<Void> f : batch) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertEquals(2, action.calls.get());
      assertEquals(2, c.syncs());
    }
  }

  @Test
  void failedSyncFailsEveryWaiterOfItsBatch() throws Exception {
    GatedSync action = new GatedSync();
    try (GroupCommitter c = new GroupCommitter("test-commit", action)) {
      CompletableFuture<Void> first = c.commit();
      action.awaitStarted();
      List<CompletableFuture<Void>> batch = commitFromThreads(c, 5);
      action.release.release();
      first.get(10, TimeUnit.SECONDS);
      action.awaitStarted();
      IOException disk = new IOException("EIO");
      action.failWith = disk;
      action.release.release();
      for (CompletableFuture<Void> f : batch) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertSame(disk, e.getCause());
      }
      // the next batch gets a fresh sync
      action.failWith = null;
      CompletableFuture<Void> after = c.commit();
      action.awaitStarted();
      action.release.release();
      after.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void commitBlockingRethrowsTheSyncError() throws Exception {
    IOException disk = new IOException("disk gone");
    try (GroupCommitter c = new GroupCommitter("test-commit", () -> {
      throw disk;
    })) {
      assertSame(disk, assertThrows(IOException.class, c::commitBlocking));
    }
  }

  @Test
  void closeSyncsWaitersThenRefusesNewCommits() throws Exception {
    GatedSync action = new GatedSync();
    GroupCommitter c = new GroupCommitter("test-commit", action);
    CompletableFuture<Void> first = c.commit();
    action.awaitStarted();
    CompletableFuture<Void> queued = c.commit();
    Thread closer = new Thread(c::close);
    closer.start();
    action.release.release(2); // the running sync and the last one for the queued writer
    closer.join(10_000);
    assertFalse(closer.isAlive());
    first.get(10, TimeUnit.SECONDS);
    queued.get(10, TimeUnit.SECONDS);
    assertThrows(ExecutionException.class, () -> c.commit().get(10, TimeUnit.SECONDS));
  }

  /** Commits from {@code n} threads at once and returns once every commit is queued. */
  private static List<CompletableFuture<Void>> commitFromThreads(GroupCommitter c, int n) throws InterruptedException {
    List<CompletableFuture<Void>> out = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        CompletableFuture<Void> f = c.commit();
        synchronized (out) {
          out.add(f);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertEquals(n, out.size());
    return out;
  }
}
