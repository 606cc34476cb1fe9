package io.stowage.storage.binlog;

import io.stowage.storage.fs.GroupCommitter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only change log of one storage server ({@code <base_path>/data/sync/binlog.000}, as
 * FastDFS names it). Appends are serialised; {@link #sync} is a group commit: a dedicated thread
 * runs one fsync for every writer waiting when it starts, covering all appends made before it, so
 * concurrent writers share disk flushes ({@link GroupCommitter}). On open, a torn last line (a crash
 * mid-append) is cut off and reported.
 *
 * <p>All methods block (disk I/O): call them from a worker thread. Thread-safe.
 */
public final class Binlog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Binlog.class);
  public static final String FILE_NAME = "binlog.000";

  private final Path file;
  private final FileChannel channel;
  private final Recovery recovery;
  private final Object writeLock = new Object();
  private final GroupCommitter committer;
  private volatile long written;
  private volatile long synced;
  private volatile boolean closed;

  /** What opening found: the bytes dropped from a torn tail (0 when the log was clean). */
  public record Recovery(long validBytes, long droppedBytes, String droppedText) {
    public boolean clean() {
      return droppedBytes == 0;
    }
  }

  private Binlog(Path file, FileChannel channel, Recovery recovery) {
    this.file = file;
    this.channel = channel;
    this.recovery = recovery;
    this.written = recovery.validBytes();
    this.synced = recovery.validBytes();
    this.committer = new GroupCommitter("stowage-binlog-sync", this::force);
  }

  /** Opens (creating) the binlog in {@code dir}, dropping an incomplete or corrupt last line. */
  public static Binlog open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Recovery r = recover(ch);
      if (!r.clean()) {
        log.warn("binlog {}: dropped a torn last record of {} bytes at offset {}: {}", file, r.droppedBytes(), r.validBytes(),
            r.droppedText());
        ch.truncate(r.validBytes());
        ch.force(true);
      }
      return new Binlog(file, ch, r);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Finds the end of the last complete, well-formed line. Appends only ever tear the tail, so the
   * check walks back from the end: the text after the last newline is dropped, and so is a final
   * line that does not parse (a partially persisted write can leave garbage before a newline).
   */
  private static Recovery recover(FileChannel ch) throws IOException {
    long size = ch.size();
    long end = size;
    while (end > 0) {
      long lineEnd = lastNewline(ch, end); // index of the '\n' ending the last complete line, or -1
      if (lineEnd < 0) {
        end = 0;
        break;
      }
      if (lineEnd + 1 < end) {
        end = lineEnd + 1; // drop the unterminated tail, then check the line before it
        continue;
      }
      long lineStart = lastNewline(ch, lineEnd) + 1;
      String line = read(ch, lineStart, (int) Math.min(lineEnd - lineStart, 1 << 16));
      try {
        if (lineEnd - lineStart > 1 << 16) {
          throw new IllegalArgumentException("line too long");
        }
        BinlogRecord.parse(line);
        break;
      } catch (IllegalArgumentException e) {
        end = lineStart;
      }
    }
    String dropped = end < size ? read(ch, end, (int) Math.min(size - end, 200)) : "";
    return new Recovery(end, size - end, dropped);
  }

  private static long lastNewline(FileChannel ch, long before) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long pos = before;
    while (pos > 0) {
      int n = (int) Math.min(buf.capacity(), pos);
      buf.clear().limit(n);
      long from = pos - n;
      while (buf.hasRemaining()) {
        if (ch.read(buf, from + buf.position()) < 0) {
          throw new IOException("binlog shrank while recovering");
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return from + i;
        }
      }
      pos = from;
    }
    return -1;
  }

  private static String read(FileChannel ch, long at, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
      // keep reading
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  public Path file() {
    return file;
  }

  public Recovery recovery() {
    return recovery;
  }

  /** Bytes of complete records written so far (the offset the next record will get). */
  public long size() {
    return written;
  }

  /** Appends a record (not yet durable: see {@link #sync}); returns the offset after it. */
  public long append(BinlogRecord r) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(r.bytes());
    synchronized (writeLock) {
      ensureOpen();
      long at = written;
      while (b.hasRemaining()) {
        at += channel.write(b, at);
      }
      written = at;
      return at;
    }
  }

  /** Makes everything up to {@code offset} durable; one fsync serves every writer waiting for it. */
  public void sync(long offset) throws IOException {
    if (synced < offset) {
      committer.commitBlocking();
    }
  }

  /** {@link #sync} without blocking: completes once everything up to {@code offset} is durable. */
  public CompletableFuture<Void> syncAsync(long offset) {
    return synced >= offset ? CompletableFuture.completedFuture(null) : committer.commit();
  }

  /** The committer's sync: everything appended before it started becomes durable. */
  private void force() throws IOException {
    ensureOpen();
    long target = written;
    channel.force(false);
    synced = target;
  }

  /** {@link #append} then, when {@code durable}, {@link #sync}. */
  public long appendAndSync(BinlogRecord r, boolean durable) throws IOException {
    long end = append(r);
    if (durable) {
      sync(end);
    }
    return end;
  }

  /** Up to {@code max} records starting at {@code offset} (which must be a record boundary). */
  public List<BinlogEntry> read(long offset, int max) throws IOException {
    List<BinlogEntry> out = new ArrayList<>();
    try (BinlogReader r = reader(offset)) {
      while (out.size() < max && r.hasNext()) {
        out.add(r.next());
      }
    }
    return out;
  }

  /** An iterator over the records from {@code offset} up to the end at the time of the call. */
  public BinlogReader reader(long offset) throws IOException {
    long end = written;
    if (offset < 0 || offset > end) {
      throw new IllegalArgumentException("binlog offset " + offset + " outside 0.." + end);
    }
    return new BinlogReader(file, offset, end);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("binlog closed");
    }
  }

  @Override
  public void close() throws IOException {
    committer.close(); // the writers still waiting get their sync first
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.force(false);
      } finally {
        channel.close();
      }
    }
  }
}
