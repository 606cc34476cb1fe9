package io.stowage.storage.fs;

import io.stowage.common.fileid.FileId;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One store path ({@code store_path<i>}, named {@code M<i>} in file IDs): usually one disk. Files
 * live under {@code <root>/data/XX/YY/}; uploads in progress under {@code <root>/data/.tmp/}. Keeps
 * the round-robin directory cursor, the last measured disk usage and the bytes promised since then.
 */
public final class StorePath {
  private final int index;
  private final Path root;
  private final Path dataDir;
  private final Path tmpDir;
  private int dirHigh;
  private int dirLow;
  private int writtenInDir;
  private volatile long totalBytes = -1;
  private volatile long freeBytes = -1;
  /** Bytes of uploads admitted and not yet finished: what the disk is about to lose. */
  private final AtomicLong inFlight = new AtomicLong();
  /** Bytes of uploads finished since the last measurement, which may not have seen them yet. */
  private final AtomicLong writtenSinceMeasured = new AtomicLong();

  StorePath(int index, Path root) {
    this.index = index;
    this.root = root.toAbsolutePath().normalize();
    this.dataDir = this.root.resolve("data");
    this.tmpDir = dataDir.resolve(".tmp");
  }

  public int index() {
    return index;
  }

  /** {@code M00}, {@code M01}, ... */
  public String name() {
    return FileId.storePathName(index);
  }

  public Path root() {
    return root;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path tmpDir() {
    return tmpDir;
  }

  /** Total bytes of the disk, or -1 before the first measurement. */
  public long totalBytes() {
    return totalBytes;
  }

  /** Bytes usable by this process, or -1 before the first measurement. */
  public long freeBytes() {
    return freeBytes;
  }

  /**
   * The measured free bytes less what admitted uploads will still write and what finished ones
   * wrote since: without this, every upload admitted between two measurements would see the same
   * free space, and concurrent large uploads could together fill the disk past its reserve.
   */
  public long unpromisedBytes() {
    return freeBytes - inFlight.get() - writtenSinceMeasured.get();
  }

  void usage(long total, long free) {
    this.totalBytes = total;
    this.freeBytes = free;
    writtenSinceMeasured.set(0);
  }

  void promise(long size) {
    inFlight.addAndGet(size);
  }

  /** An admitted upload ended: its bytes are on the disk ({@code kept}) or gone again. */
  void settle(long size, boolean kept) {
    inFlight.addAndGet(-size);
    if (kept) {
      writtenSinceMeasured.addAndGet(size);
    }
  }

  /** Round-robin mode: the current {@code XX/YY}, moving on every {@code rotate} files (FastDFS mode 0). */
  synchronized int[] nextRoundRobinDir(int subdirs, int rotate) {
    int[] d = {dirHigh, dirLow};
    if (++writtenInDir >= rotate) {
      writtenInDir = 0;
      if (++dirLow >= subdirs) {
        dirLow = 0;
        if (++dirHigh >= subdirs) {
          dirHigh = 0;
        }
      }
    }
    return d;
  }

  @Override
  public String toString() {
    return name() + "=" + root;
  }
}
