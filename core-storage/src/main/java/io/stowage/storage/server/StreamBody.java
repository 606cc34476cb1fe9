package io.stowage.storage.server;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * An upload body read from a stream on the current context that must hold exactly the declared
 * size: a stream that ends short or runs long fails EINVAL, as a frame whose {@code file_size} does
 * not match its body; a stream that breaks fails EIO, as a connection closed mid-frame.
 */
final class StreamBody implements BodySource {
  private final ReadStream<Buffer> in;
  /** The stream ended or broke: it delivers nothing more and takes no new handlers. */
  private boolean ended;

  StreamBody(ReadStream<Buffer> in) {
    this.in = in;
  }

  @Override
  public Future<Void> pipe(long size, WriteStream<Buffer> to) {
    Promise<Void> done = Promise.promise();
    long[] got = {0};
    in.exceptionHandler(t -> {
      ended = true;
      done.tryFail(new ProtoException(ErrorCode.EIO, "upload body broke after " + got[0] + " bytes", t));
    });
    in.endHandler(v -> {
      ended = true;
      if (got[0] == size) {
        done.tryComplete();
      } else {
        done.tryFail(mismatch(size, got[0]));
      }
    });
    in.handler(b -> {
      if (done.future().isComplete()) {
        return; // failed already: the owner of the stream drops the rest
      }
      got[0] += b.length();
      if (got[0] > size) {
        done.tryFail(mismatch(size, got[0]));
        return;
      }
      to.write(b).onFailure(done::tryFail);
      if (to.writeQueueFull()) {
        in.pause();
        to.drainHandler(v -> in.resume());
      }
    });
    in.resume();
    return done.future();
  }

  /** After a failure, on the stream's context: reads the rest and discards it (nothing once it has ended). */
  void drop() {
    if (!ended) {
      discard(in);
    }
  }

  /** Reads {@code in} to its end and discards what it delivers, as a connection skips a refused body. */
  static void discard(ReadStream<Buffer> in) {
    try {
      in.exceptionHandler(t -> { });
      in.endHandler(v -> { });
      in.handler(b -> { });
      in.resume();
    } catch (IllegalStateException e) {
      // already read to its end: nothing left to skip
    }
  }

  private static ProtoException mismatch(long size, long got) {
    return Bodies.invalid("file_size " + size + " does not match the body (" + (got > size ? "over " : "") + got + " bytes)");
  }
}
