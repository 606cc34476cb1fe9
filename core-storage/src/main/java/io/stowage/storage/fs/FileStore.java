package io.stowage.storage.fs;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.StorageConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk layout of one storage server: store paths {@code M00, M01, ...}, FastDFS's two-level
 * directory tree {@code <store_path>/data/XX/YY/<name>} with {@code XX, YY < subdir_count_per_path},
 * metadata in {@code <name>-m} beside the data file, uploads in progress in {@code data/.tmp}.
 *
 * <p>FastDFS pre-creates all 65,536 subdirectories at first start (about 20 s); Stowage creates a
 * subdirectory the first time a file goes into it, so start is instant and empty directories do not
 * exist. Readers treat a missing directory like a missing file.
 *
 * <p>Methods named {@code ...Blocking} touch the disk and must run on a worker thread.
 */
public final class FileStore {
  private static final Logger log = LoggerFactory.getLogger(FileStore.class);
  public static final String META_SUFFIX = "-m";
  public static final String TMP_DIR = ".tmp";
  /** Under {@code data/}: where spare upload files are created before they move to {@code .tmp}. */
  static final String SPARES_MAKING_DIR = ".spares";
  /** Empty upload files kept ready per store path: enough for a burst of concurrent uploads while they are made. */
  static final int SPARES_PER_PATH = 64;
  /** FastDFS retries a clashing generated name 10 times. */
  public static final int NAME_ATTEMPTS = 10;

  private final StorageConfig cfg;
  private final List<StorePath> paths;
  /** Concurrent renames into one subdirectory share its fsync. */
  private final DirectorySyncer dirSyncer;
  /** Creates the store paths' spare upload files, off every upload's path. */
  private final ExecutorService spareMaker;
  /** Per store path, by index. */
  private final List<SpareFiles> spares;
  private final Object admissions = new Object();

  public FileStore(StorageConfig cfg) {
    this.cfg = cfg;
    this.dirSyncer = new DirectorySyncer("stowage-dirsync-" + cfg.serverId(), 4);
    List<StorePath> l = new ArrayList<>();
    for (int i = 0; i < cfg.storePaths().size(); i++) {
      l.add(new StorePath(i, cfg.storePaths().get(i)));
    }
    this.paths = List.copyOf(l);
    ThreadPoolExecutor maker = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "stowage-spare-files-" + cfg.serverId());
      t.setDaemon(true);
      return t;
    });
    maker.allowCoreThreadTimeOut(true); // no idle thread between bursts of uploads
    this.spareMaker = maker;
    this.spares = paths.stream()
        .map(sp -> new SpareFiles(sp.tmpDir(), sparesMakingDir(sp), SPARES_PER_PATH, spareMaker)).toList();
  }

  public List<StorePath> paths() {
    return paths;
  }

  public StorePath path(int index) {
    if (index < 0 || index >= paths.size()) {
      throw new ProtoException(ErrorCode.EINVAL, "no store path " + index);
    }
    return paths.get(index);
  }

  public String group() {
    return cfg.group();
  }

  /**
   * Creates each store path's {@code data/} and {@code data/.tmp/} and removes what an earlier run
   * left in {@code .tmp} (uploads that never completed). Returns the number of leftovers removed.
   */
  public int initBlocking() throws IOException {
    int removed = 0;
    for (StorePath sp : paths) {
      Files.createDirectories(sp.tmpDir());
      removed += cleanTmpBlocking(sp);
    }
    refreshUsageBlocking();
    return removed;
  }

  /** Where a store path's spare files are created before they move to {@code .tmp} ({@link SpareFiles}). */
  static Path sparesMakingDir(StorePath sp) {
    return sp.dataDir().resolve(SPARES_MAKING_DIR);
  }

  /**
   * Deletes every file in a store path's {@code .tmp} (and a spare a crash left half made); returns
   * how many held uploads (not the empty spares).
   */
  public int cleanTmpBlocking(StorePath sp) throws IOException {
    spares.get(sp.index()).forgetReady();
    if (Files.isDirectory(sparesMakingDir(sp))) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(sparesMakingDir(sp))) {
        for (Path p : ds) {
          Files.deleteIfExists(p);
        }
      }
    }
    int removed = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sp.tmpDir())) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
          // an empty spare was never used (a link is not followed)
          boolean upload = !SpareFiles.isSpareName(p) || Files.isSymbolicLink(p) || Files.size(p) > 0;
          Files.deleteIfExists(p);
          if (upload) {
            removed++;
          }
        }
      }
    }
    if (removed > 0) {
      log.info("removed {} unfinished upload(s) from {}", removed, sp.tmpDir());
    }
    return removed;
  }

  /** Measures total and usable bytes of every store path's disk. */
  public void refreshUsageBlocking() {
    for (StorePath sp : paths) {
      try {
        java.nio.file.FileStore fs = Files.getFileStore(sp.root());
        sp.usage(fs.getTotalSpace(), fs.getUsableSpace());
      } catch (IOException e) {
        log.warn("cannot measure disk usage of {}: {}", sp.root(), e.toString());
      }
    }
  }

  /**
   * Picks the store path for an upload of {@code size} bytes: the one the client named (the tracker's
   * choice), or with -1 the one with the most free space. ENOSPC when the reserved space would be
   * touched.
   */
  public StorePath chooseForUpload(int requested, long size) {
    if (requested >= 0) {
      StorePath sp = path(requested);
      checkSpace(sp, size);
      return sp;
    }
    if (requested != -1) {
      throw new ProtoException(ErrorCode.EINVAL, "bad store path index " + requested);
    }
    StorePath best = null;
    for (StorePath sp : paths) {
      if (best == null || sp.freeBytes() > best.freeBytes()) {
        best = sp;
      }
    }
    checkSpace(best, size);
    return best;
  }

  /**
   * {@link #chooseForUpload}, and the chosen path's space promised to the upload until
   * {@link #settleUpload}: checking and promising at once, so two concurrent uploads cannot both
   * take the last room.
   */
  public StorePath admitUpload(int requested, long size) {
    synchronized (admissions) {
      StorePath sp = chooseForUpload(requested, size);
      sp.promise(size);
      return sp;
    }
  }

  /** Ends what {@link #admitUpload} promised; {@code kept}: the upload's file stays on the disk. */
  public void settleUpload(StorePath sp, long size, boolean kept) {
    sp.settle(size, kept);
  }

  public void checkSpace(StorePath sp, long size) {
    long total = sp.totalBytes();
    long free = sp.unpromisedBytes();
    if (total < 0) {
      return; // not measured (yet): the write fails with ENOSPC from the disk if it must
    }
    if (free - size < 0 || !cfg.reservedSpace().allowsWrite(free - size, total)) {
      throw new ProtoException(ErrorCode.ENOSPC, sp.name() + " has " + free
          + " bytes free not promised to uploads in progress, reserved " + cfg.reservedSpace());
    }
  }

  /** A fresh, not yet existing temp file name in the store path's {@code .tmp}. */
  public Path newTempPath(StorePath sp) {
    return sp.tmpDir().resolve(UUID.randomUUID() + ".tmp");
  }

  /** A temp file in a store path's {@code .tmp} for an upload: {@code exists} when it is a ready, empty spare. */
  public record TempFile(Path path, boolean exists) {}

  /** A spare (empty, existing) temp file for an upload when one is ready, else a fresh name. Never blocks. */
  public TempFile newUploadFile(StorePath sp) {
    Path spare = spares.get(sp.index()).take();
    return spare != null ? new TempFile(spare, true) : new TempFile(newTempPath(sp), false);
  }

  /** The spare files ready (not handed out) in a store path's {@code .tmp}. */
  public Set<Path> readySpares(StorePath sp) {
    return spares.get(sp.index()).readyFiles();
  }

  /**
   * Parses a remote filename ({@code M00/XX/YY/name}) of this server's group. Refuses other groups,
   * unknown store paths, subdirectories beyond {@code subdir_count_per_path}, names that are not
   * generated names and metadata files.
   */
  public FileId parse(String group, String remote) {
    if (!cfg.group().equals(group)) {
      throw new ProtoException(ErrorCode.EINVAL, "group " + group + " is not served here");
    }
    FileId id = FileId.parseRemote(group, remote);
    checkDataName(id.name());
    return id;
  }

  static void checkDataName(String name) {
    if (name.endsWith(META_SUFFIX)) {
      throw new ProtoException(ErrorCode.EINVAL, "not a data file name");
    }
    GeneratedName.decode(name); // throws EINVAL when it is not generated
  }

  /** The data file of {@code id}; can never point outside the store path's {@code data} tree. */
  public Path resolve(FileId id) {
    StorePath sp = path(id.storePathIndex());
    if (id.dir1() >= cfg.subdirCount() || id.dir2() >= cfg.subdirCount()) {
      throw new ProtoException(ErrorCode.EINVAL, "subdirectory beyond subdir_count_per_path");
    }
    Path p = sp.root().resolve(id.relativeDataPath()).normalize();
    // FileId already refuses '/', '..' and leading dots; this is the second line of defence
    if (!p.startsWith(sp.dataDir()) || p.getNameCount() != sp.dataDir().getNameCount() + 3) {
      throw new ProtoException(ErrorCode.EINVAL, "path escapes the store path");
    }
    return p;
  }

  /**
   * The data file of {@code id} for a reader in this JVM (short-circuit local reads): empty when the
   * ID is of another group or would resolve outside a store path's data tree (see {@link #resolve}).
   */
  public Optional<Path> localPath(FileId id) {
    if (!cfg.group().equals(id.group())) {
      return Optional.empty();
    }
    try {
      checkDataName(id.name());
      return Optional.of(resolve(id));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Path metaPathOf(Path dataFile) {
    return dataFile.resolveSibling(dataFile.getFileName() + META_SUFFIX);
  }

  /**
   * A slave file's ID: same store path and directory as the master, name = master name without its
   * extension + prefix + {@code .ext} (the master's extension when none is given), as FastDFS's
   * {@code fdfs_gen_slave_filename}.
   */
  public FileId slaveId(FileId master, String prefix, String ext) {
    if (prefix.isEmpty() || prefix.length() > 16 || !prefix.matches("[A-Za-z0-9_-]+")) {
      throw new ProtoException(ErrorCode.EINVAL, "bad slave prefix");
    }
    String m = master.name();
    int dot = m.lastIndexOf('.');
    boolean hasExt = dot >= GeneratedName.BASE_LEN;
    String base = hasExt ? m.substring(0, dot) : m;
    String e = ext.isEmpty() ? (hasExt ? m.substring(dot + 1) : "") : ext;
    String name = base + prefix + (e.isEmpty() ? "" : "." + e);
    FileId id = new FileId(master.group(), master.storePathIndex(), master.dir1(), master.dir2(), name);
    checkDataName(name);
    return id;
  }

  /**
   * Gives a finished temp file its generated name: picks the subdirectory (round robin or hash),
   * links the temp file there under a name from {@code namer} (a fresh random part on every call),
   * retrying on a clash, and removes the temp name. The temp file's bytes must already be durable
   * when fsync is configured (uploads sync it as they close it); the new name is not until
   * {@link #syncDirOf} completes, which the caller must wait for before acknowledging the write.
   */
  public FileId linkNewBlocking(StorePath sp, Path tmp, Supplier<GeneratedName> namer) throws IOException {
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      String name = namer.get().encode();
      int[] d = cfg.distributePathMode() == 1 ? hashDir(name) : sp.nextRoundRobinDir(cfg.subdirCount(), cfg.rotateCount());
      FileId id = new FileId(cfg.group(), sp.index(), d[0], d[1], name);
      Path target = resolve(id);
      try {
        linkNoReplaceUnsyncedBlocking(tmp, target);
        return id;
      } catch (FileAlreadyExistsException e) {
        log.debug("generated name {} exists, retrying", name);
      }
    }
    throw new ProtoException(ErrorCode.EEXIST, "no free generated name after " + NAME_ATTEMPTS + " attempts");
  }

  private int[] hashDir(String name) {
    CRC32 c = new CRC32();
    c.update(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    long n = c.getValue() & 0xffff;
    return new int[] {(int) ((n >> 8) % cfg.subdirCount()), (int) ((n & 0xff) % cfg.subdirCount())};
  }

  /**
   * Atomically gives {@code from} the name {@code to}, failing with FileAlreadyExistsException instead
   * of replacing an existing file (link + unlink: rename(2) would silently replace). Creates the
   * subdirectories on first use.
   */
  public void linkNoReplaceBlocking(Path from, Path to) throws IOException {
    linkNoReplaceUnsyncedBlocking(from, to);
    if (cfg.fsyncAfterWrite()) {
      dirSyncer.syncBlocking(to.getParent());
    }
  }

  /**
   * Makes the names linked into {@code id}'s directory so far durable (completes at once without
   * fsync configured). Concurrent callers for one directory share one fsync.
   */
  public CompletableFuture<Void> syncDirOf(FileId id) {
    return cfg.fsyncAfterWrite() ? dirSyncer.sync(resolve(id).getParent()) : CompletableFuture.completedFuture(null);
  }

  /**
   * Makes the current entries of {@code dir} durable (after a delete or rename in it) when fsync is
   * configured, sharing the fsync with concurrent callers for the same directory.
   */
  public void syncDirBlocking(Path dir) throws IOException {
    if (cfg.fsyncAfterWrite()) {
      dirSyncer.syncBlocking(dir);
    }
  }

  /**
   * {@link #linkNoReplaceBlocking} without the fsync of {@code to}'s directory: the name is durable
   * once {@link #syncDirOf} completes.
   */
  public void linkNoReplaceUnsyncedBlocking(Path from, Path to) throws IOException {
    Path dir = to.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      if (cfg.fsyncAfterWrite()) {
        fsyncDirBlocking(dir.getParent());
        fsyncDirBlocking(dir.getParent().getParent());
      }
    }
    try {
      Files.createLink(to, from);
    } catch (UnsupportedOperationException e) {
      Files.move(from, to); // no hard links on this file system: not atomic against a concurrent clash
      return;
    }
    Files.delete(from); // the temp name need not be durable: leftovers in .tmp are removed at start
  }

  /** Replaces {@code to} with {@code from} atomically (metadata files). */
  public void replaceBlocking(Path from, Path to) throws IOException {
    if (cfg.fsyncAfterWrite()) {
      fsyncFileBlocking(from);
    }
    Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    if (cfg.fsyncAfterWrite()) {
      dirSyncer.syncBlocking(to.getParent());
    }
  }

  public boolean fsync() {
    return cfg.fsyncAfterWrite();
  }

  /** Whether a new file of {@code size} bytes is written with direct I/O ({@code direct_io_min_size}). */
  public boolean directWrite(long size) {
    return cfg.directIoMinSize() > 0 && size >= cfg.directIoMinSize();
  }

  /**
   * Makes a file's bytes and size durable. fdatasync (force(false)) is enough: it also writes the
   * metadata needed to read the data back (the size), just not the timestamps.
   */
  public static void fsyncFileBlocking(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(false);
    }
  }

  /** Stops the directory sync threads (after the queued syncs) and the making of spare files. */
  public void close() {
    spares.forEach(SpareFiles::stop);
    spareMaker.shutdown();
    try { // a refill stops after its current file: the directory is left alone once this returns
      spareMaker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dirSyncer.close();
  }

  public static void fsyncDirBlocking(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some platforms cannot open or sync a directory; the data file itself is synced
      log.trace("cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
