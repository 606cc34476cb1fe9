package io.stowage.storage.fs;

import io.stowage.common.fileid.FileId;
import java.nio.file.Path;

/**
 * One store path ({@code store_path<i>}, named {@code M<i>} in file IDs): usually one disk. Files
 * live under {@code <root>/data/XX/YY/}; uploads in progress under {@code <root>/data/.tmp/}. Keeps
 * the round-robin directory cursor and the last measured disk usage.
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

  void usage(long total, long free) {
    this.totalBytes = total;
    this.freeBytes = free;
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
