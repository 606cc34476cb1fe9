package io.stowage.storage.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Where an upload's content comes from: a request frame on a connection ({@code Request::pipe}) or
 * a stream handed over in process. Runs on the storage server's context.
 */
@FunctionalInterface
public interface BodySource {
  /**
   * Passes exactly {@code size} bytes to {@code to} (without ending it), honouring its
   * back-pressure; fails when the body breaks or does not hold {@code size} bytes.
   */
  Future<Void> pipe(long size, WriteStream<Buffer> to);
}
