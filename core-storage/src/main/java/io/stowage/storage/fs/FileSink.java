package io.stowage.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where {@link BatchedFileWriter} puts a new file's bytes, in order. Blocking; used from one worker task at a time. */
interface FileSink {
  /** Takes every remaining byte of {@code buffers}. */
  void write(ByteBuffer[] buffers) throws IOException;

  /** Writes what is held back, then makes the bytes durable (fdatasync) when {@code sync}. */
  void finish(boolean sync) throws IOException;

  /** Releases the file (and any buffer); safe after a failure and more than once. */
  void close() throws IOException;
}
