package io.stowage.s3.handler;

import io.stowage.common.proto.ForwardingWriteStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Passes everything to a response stream and counts what went through, and whether the response
 * itself failed: a download whose storage server failed can go on from another server at the first
 * byte the response has not had yet; one whose response (the client) failed cannot.
 */
final class DownloadProgress extends ForwardingWriteStream {
  private long written;
  private boolean outFailed;

  DownloadProgress(WriteStream<Buffer> out) {
    super(out);
  }

  /** Bytes handed to the response so far. */
  long written() {
    return written;
  }

  /** Whether a write to the response failed (the client went away). */
  boolean outFailed() {
    return outFailed;
  }

  @Override
  public Future<Void> write(Buffer data) {
    written += data.length();
    return out.write(data).onFailure(e -> outFailed = true);
  }
}
