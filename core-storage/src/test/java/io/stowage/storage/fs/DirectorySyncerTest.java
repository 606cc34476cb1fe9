package io.stowage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySyncerTest {
  @TempDir
  Path dir;

  /** Records every directory synced; holds each sync until released. */
  private static final class GatedDirSync implements DirectorySyncer.DirSync {
    final List<Path> synced = new CopyOnWriteArrayList<>();
    final Semaphore started = new Semaphore(0);
    final Semaphore release = new Semaphore(0);
    volatile IOException failWith;

    @Override
    public void sync(Path d) throws IOException {
      synced.add(d);
      started.release();
      release.acquireUninterruptibly();
      if (failWith != null) {
        throw failWith;
      }
    }
  }

  @Test
  void requestsForOneDirectoryQueuedBehindARunningSyncShareOne() throws Exception {
    GatedDirSync action = new GatedDirSync();
    DirectorySyncer s = new DirectorySyncer("test-dirsync", 1, action);
    try {
      Path a = dir.resolve("a");
      Path b = dir.resolve("b");
      CompletableFuture<Void> first = s.sync(a);
      assertTrue(action.started.tryAcquire(10, TimeUnit.SECONDS));
      // a's sync runs (and holds the only thread): requests made now need a new sync, shared per directory
      CompletableFuture<Void> a2 = s.sync(a);
      CompletableFuture<Void> a3 = s.sync(a);
      CompletableFuture<Void> b1 = s.sync(b);
      CompletableFuture<Void> b2 = s.sync(b);
      assertNotSame(first, a2, "a request during a running sync must not be answered by it");
      assertSame(a2, a3);
      assertSame(b1, b2);
      assertFalse(a2.isDone());
      action.release.release(3);
      first.get(10, TimeUnit.SECONDS);
      a2.get(10, TimeUnit.SECONDS);
      b1.get(10, TimeUnit.SECONDS);
      assertEquals(List.of(a, a, b), action.synced.stream().sorted().toList());
    } finally {
      action.release.release(100);
      s.close();
    }
  }

  @Test
  void failedSyncFailsEveryRequestItCovered() throws Exception {
    GatedDirSync action = new GatedDirSync();
    DirectorySyncer s = new DirectorySyncer("test-dirsync", 1, action);
    try {
      Path a = dir.resolve("a");
      CompletableFuture<Void> first = s.sync(dir);
      assertTrue(action.started.tryAcquire(10, TimeUnit.SECONDS));
      CompletableFuture<Void> a1 = s.sync(a);
      CompletableFuture<Void> a2 = s.sync(a);
      IOException disk = new IOException("EIO");
      action.release.release(); // the first sync succeeds
      first.get(10, TimeUnit.SECONDS);
      assertTrue(action.started.tryAcquire(10, TimeUnit.SECONDS));
      action.failWith = disk;
      action.release.release();
      assertSame(disk, assertThrows(ExecutionException.class, () -> a1.get(10, TimeUnit.SECONDS)).getCause());
      assertSame(disk, assertThrows(IOException.class, () -> GroupCommitter.await(a2)));
    } finally {
      action.release.release(100);
      s.close();
    }
  }

  @Test
  void syncsRealDirectoriesAndRefusesRequestsOnceClosed() throws Exception {
    DirectorySyncer s = new DirectorySyncer("test-dirsync", 2);
    s.syncBlocking(dir);
    s.close();
    assertThrows(ExecutionException.class, () -> s.sync(dir).get(10, TimeUnit.SECONDS));
  }
}
