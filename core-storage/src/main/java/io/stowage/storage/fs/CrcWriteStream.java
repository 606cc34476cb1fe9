package io.stowage.storage.fs;

import io.stowage.common.proto.ForwardingWriteStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.streams.WriteStream;
import java.util.zip.CRC32;

/** Passes buffers on to another stream unchanged, computing the CRC32 and byte count on the way. */
public final class CrcWriteStream extends ForwardingWriteStream {
  private final CRC32 crc = new CRC32();
  private long bytes;

  public CrcWriteStream(WriteStream<Buffer> out) {
    super(out);
  }

  /** CRC32 of everything written so far, as FastDFS stores it (the low 32 bits, as an int). */
  public int crc32() {
    return (int) crc.getValue();
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (data instanceof BufferInternal bi) {
      crc.update(bi.getByteBuf().nioBuffer());
    } else {
      crc.update(data.getBytes());
    }
    bytes += data.length();
    return out.write(data);
  }
}
