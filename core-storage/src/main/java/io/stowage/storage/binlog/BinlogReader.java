package io.stowage.storage.binlog;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates binlog records from an offset up to a fixed end (the log's size when the reader was made),
 * so a reader never sees a half-written record. Blocking; close it when done. A malformed line is an
 * error ({@link UncheckedIOException}): it can only mean the offset was not a record boundary.
 */
public final class BinlogReader implements Iterator<BinlogEntry>, Closeable {
  private final FileChannel channel;
  private final InputStream in;
  private final long end;
  private long pos;

  BinlogReader(Path file, long offset, long end) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(offset);
    this.in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
    this.pos = offset;
    this.end = end;
  }

  /** Offset of the next record (where a later reader should resume). */
  public long position() {
    return pos;
  }

  @Override
  public boolean hasNext() {
    return pos < end;
  }

  @Override
  public BinlogEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream(96);
      long start = pos;
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("binlog ends inside a record at " + pos);
        }
        pos++;
        if (c == '\n') {
          break;
        }
        line.write(c);
      }
      BinlogRecord r;
      try {
        r = BinlogRecord.parse(line.toString(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed binlog record at offset " + start, e);
      }
      return new BinlogEntry(start, pos, r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
