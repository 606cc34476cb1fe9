package io.stowage.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Gathering writes through the page cache. */
final class BufferedFileSink implements FileSink {
  private final FileChannel channel;

  BufferedFileSink(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public void write(ByteBuffer[] buffers) throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    while (left > 0) {
      left -= channel.write(buffers);
    }
  }

  @Override
  public void finish(boolean sync) throws IOException {
    if (sync) {
      channel.force(false);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
