package io.stowage.storage.fs;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes with O_DIRECT: the bytes go from an aligned staging buffer to the device, not through the
 * page cache. Copying a large file into page-cache pages costs more CPU than anything else in an
 * upload (about 1.7 ms per MiB on a VM whose free memory goes back to the host; the reused staging
 * buffer stays touched), and the fsync at close then has no dirty pages to write.
 * Direct writes must start at a block boundary and cover whole blocks: a partial block is held
 * until more bytes come, and the last one is padded with zeros, written, and cut off again by
 * truncating the file to its real length.
 */
final class DirectFileSink implements FileSink {
  private static final Logger log = LoggerFactory.getLogger(DirectFileSink.class);
  static final int ALIGN = 4096;
  static final int STAGE_BYTES = BatchedFileWriter.BATCH_BYTES;
  /** Staging buffers kept for reuse: allocating and first touching 1 MiB per upload is slow on these VMs. */
  private static final int POOL_MAX = 16;
  private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger POOLED = new AtomicInteger();
  private static volatile boolean unsupportedLogged;
  /**
   * Block size by directory. Uploads are created in their store path's {@code .tmp} directory, so this
   * holds one entry per store path; looking the file system up parses the mount table, which cost a
   * fifth of the I/O threads' time under 1 MiB uploads.
   */
  private static final ConcurrentHashMap<Path, Long> BLOCK_SIZES = new ConcurrentHashMap<>();

  private final FileChannel channel;
  private ByteBuffer stage;
  /** File offset of the staging buffer's first byte: always a multiple of {@link #ALIGN}. */
  private long position;
  private long length;

  private DirectFileSink(FileChannel channel, ByteBuffer stage) {
    this.channel = channel;
    this.stage = stage;
  }

  /**
   * Opens {@code path} for direct writes: as it is when it {@code exists} (an empty spare file),
   * otherwise creating it (it must not exist). On a file system without O_DIRECT (or a block size
   * other than {@link #ALIGN}'s divisors) the file is written buffered.
   */
  static FileSink open(Path path, boolean exists) throws IOException {
    FileChannel plain = FileChannel.open(path, BatchedFileWriter.openOptions(exists));
    FileChannel direct;
    try {
      long block = blockSize(path);
      if (block <= 0 || ALIGN % block != 0) {
        throw new IOException("block size " + block);
      }
      direct = FileChannel.open(path, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      if (!unsupportedLogged) {
        unsupportedLogged = true;
        log.info("direct I/O unavailable under {} ({}): large files are written through the page cache", path.getParent(), e.toString());
      }
      return new BufferedFileSink(plain);
    }
    ByteBuffer stage;
    try {
      stage = takeStage();
    } catch (OutOfMemoryError e) { // direct memory used up: this file goes through the page cache
      direct.close();
      log.warn("no direct memory for a staging buffer, writing {} through the page cache: {}", path.getFileName(), e.toString());
      return new BufferedFileSink(plain);
    }
    plain.close();
    return new DirectFileSink(direct, stage);
  }

  private static long blockSize(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Long known = BLOCK_SIZES.get(dir);
    if (known != null) {
      return known;
    }
    long block = Files.getFileStore(file).getBlockSize();
    BLOCK_SIZES.put(dir, block);
    return block;
  }

  @Override
  public void write(ByteBuffer[] buffers) throws IOException {
    for (ByteBuffer b : buffers) {
      while (b.hasRemaining()) {
        int n = Math.min(stage.remaining(), b.remaining());
        int limit = b.limit();
        b.limit(b.position() + n);
        stage.put(b);
        b.limit(limit);
        length += n;
        if (!stage.hasRemaining()) {
          writeStaged(stage.position());
        }
      }
    }
  }

  @Override
  public void finish(boolean sync) throws IOException {
    int held = stage.position();
    if (held > 0) {
      int padded = (held + ALIGN - 1) / ALIGN * ALIGN;
      while (stage.position() < padded) {
        stage.put((byte) 0);
      }
      writeStaged(padded);
      channel.truncate(length);
    }
    if (sync) {
      channel.force(false); // the device's write cache, and the size the truncate set
    }
  }

  /** Writes the first {@code bytes} (a multiple of {@link #ALIGN}) of the stage and keeps the rest at its start. */
  private void writeStaged(int bytes) throws IOException {
    int end = stage.position();
    ByteBuffer out = stage.duplicate().position(0).limit(bytes);
    while (out.hasRemaining()) {
      channel.write(out, position + out.position());
    }
    position += bytes;
    stage.limit(end).position(bytes);
    stage.compact().limit(STAGE_BYTES); // compact() leaves the limit at the capacity, past the last aligned byte
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (stage != null) {
        giveBack(stage);
        stage = null;
      }
    }
  }

  private static ByteBuffer takeStage() {
    ByteBuffer b = POOL.poll();
    if (b == null) {
      return ByteBuffer.allocateDirect(STAGE_BYTES + ALIGN).alignedSlice(ALIGN).limit(STAGE_BYTES);
    }
    POOLED.decrementAndGet();
    return b;
  }

  private static void giveBack(ByteBuffer b) {
    if (POOLED.incrementAndGet() <= POOL_MAX) {
      POOL.offer(b.clear().limit(STAGE_BYTES));
    } else {
      POOLED.decrementAndGet();
    }
  }
}
