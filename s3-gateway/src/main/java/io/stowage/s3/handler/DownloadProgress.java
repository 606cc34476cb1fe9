package io.stowage.s3.handler;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Passes everything to a response stream and counts what went through, and whether the response
 * itself failed: a download whose storage server failed can go on from another server at the first
 * byte the response has not had yet; one whose response (the client) failed cannot.
 */
final class DownloadProgress implements WriteStream<Buffer> {
  private final WriteStream<Buffer> out;
  private long written;
  private boolean outFailed;

  DownloadProgress(WriteStream<Buffer> out) {
    this.out = out;
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
  public DownloadProgress exceptionHandler(Handler<Throwable> handler) {
    out.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    written += data.length();
    return out.write(data).onFailure(e -> outFailed = true);
  }

  @Override
  public Future<Void> end() {
    return out.end();
  }

  @Override
  public DownloadProgress setWriteQueueMaxSize(int maxSize) {
    out.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return out.writeQueueFull();
  }

  @Override
  public DownloadProgress drainHandler(Handler<Void> handler) {
    out.drainHandler(handler);
    return this;
  }
}
