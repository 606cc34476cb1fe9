package io.stowage.storage.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empty files created ahead of time in one store path's {@code .tmp}, so that an upload opens an
 * existing file instead of creating one on its critical path. Creating a file is not always cheap:
 * on ext4 without a journal, inode allocation skips every inode freed in the last minutes and reads
 * each one's deletion time to do so; after a burst of deletes that cost 0.3-0.8 ms of kernel CPU per
 * created file here, more than the file's fdatasync.
 *
 * <p>A spare is created in a directory of its own and then renamed into {@code .tmp}: creating a
 * file holds its directory's lock for the whole slow allocation, and uploads unlink their temp names
 * from {@code .tmp} (measured here: an unlink waiting 0.75 ms p50 behind creates in its directory, 6
 * µs otherwise). A rename holds it only briefly.
 *
 * <p>{@link #take} never blocks: it hands out a ready file or none (the caller then creates its own),
 * and has {@code maker} top the pool up again. So spares are made in step with the uploads, one at a
 * time; refilling only once half were gone made them in bursts that lengthened the uploads' p99 by
 * half (the creates' CPU and disk writes all at once). The first take fills the pool, so a store
 * that takes no uploads makes none. Ready files are ordinary temp files: the store removes whatever
 * is left in {@code .tmp} at start.
 */
public final class SpareFiles {
  private static final Logger log = LoggerFactory.getLogger(SpareFiles.class);
  static final String PREFIX = "spare-";

  private final Path dir;
  private final Path makingDir;
  private final int capacity;
  private final Executor maker;
  private final ConcurrentLinkedQueue<Path> ready = new ConcurrentLinkedQueue<>();
  private final AtomicInteger readyCount = new AtomicInteger();
  private final AtomicBoolean refilling = new AtomicBoolean();
  private volatile boolean stopped;
  private boolean failureLogged;

  /**
   * Up to {@code capacity} spares in {@code dir}, created in {@code makingDir} (on the same file
   * system; made when missing) by tasks on {@code maker}. None exist before the first {@link #refill}.
   */
  public SpareFiles(Path dir, Path makingDir, int capacity, Executor maker) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.dir = dir;
    this.makingDir = makingDir;
    this.capacity = capacity;
    this.maker = maker;
  }

  /** An existing empty file that is now the caller's, or null when none is ready. Never blocks. */
  public Path take() {
    Path p = ready.poll();
    if (p != null) {
      readyCount.decrementAndGet();
    }
    if (readyCount.get() < capacity) {
      refill();
    }
    return p;
  }

  /** Starts creating spares up to the capacity, unless that is already under way. */
  public void refill() {
    if (stopped || !refilling.compareAndSet(false, true)) {
      return;
    }
    try {
      maker.execute(this::fill);
    } catch (RejectedExecutionException e) { // the store is closing
      refilling.set(false);
    }
  }

  /** How many files are ready. */
  public int ready() {
    return readyCount.get();
  }

  /** The files ready now (not yet taken). */
  public Set<Path> readyFiles() {
    return Set.copyOf(ready);
  }

  /** Whether {@code file} is named as a spare (ready or handed out). */
  public static boolean isSpareName(Path file) {
    return file.getFileName().toString().startsWith(PREFIX);
  }

  /** Drops the ready files from the queue (their directory is being emptied); later takes refill it. */
  public void forgetReady() {
    while (ready.poll() != null) {
      readyCount.decrementAndGet();
    }
  }

  /** No more refills; files already made stay until the store's next start removes them. */
  public void stop() {
    stopped = true;
  }

  private void fill() {
    boolean failed = false;
    try {
      Files.createDirectories(makingDir);
      while (!stopped && readyCount.get() < capacity) {
        String name = PREFIX + UUID.randomUUID() + ".tmp";
        Path p = Files.move(Files.createFile(makingDir.resolve(name)), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        ready.add(p);
        readyCount.incrementAndGet();
      }
    } catch (IOException | RuntimeException e) {
      failed = true;
      if (!failureLogged) { // e.g. a full disk: uploads then create their own files (and fail there)
        failureLogged = true;
        log.warn("cannot create spare upload files in {}: {}", dir, e.toString());
      }
    } finally {
      refilling.set(false);
    }
    // a take between the loop's last check and the flag's reset found the refill still running
    if (!failed && readyCount.get() < capacity) {
      refill();
    }
  }
}
