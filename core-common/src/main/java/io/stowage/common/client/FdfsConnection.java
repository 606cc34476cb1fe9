package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.FrameReader;
import io.stowage.common.proto.Header;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.charset.StandardCharsets;

/**
 * Client side of one FastDFS-framed connection. One request at a time; a failed status comes back as
 * a {@link ProtoException} and leaves the connection usable, any other failure marks it broken.
 */
public final class FdfsConnection {
  /** Request data up to this size is copied behind the header rather than written on its own. */
  static final int COPIED_DATA_MAX = 64 << 10;
  private final Vertx vertx;
  private final HostPort address;
  private final NetSocket socket;
  private final FrameReader reader;
  private boolean broken;

  private FdfsConnection(Vertx vertx, HostPort address, NetSocket socket) {
    this.vertx = vertx;
    this.address = address;
    this.socket = socket;
    this.reader = new FrameReader(socket);
    socket.closeHandler(v -> broken = true);
  }

  /** Connects; with a non-null secret, proves it so internal commands are allowed. No time bound on the proof. */
  public static Future<FdfsConnection> connect(NetClient client, HostPort address, String clusterSecret) {
    return connect(null, client, address, clusterSecret, 0);
  }

  /**
   * Connects; with a non-null secret, proves it within {@code helloTimeoutMs} (0 = unbounded): a
   * SIGSTOPped server still completes the TCP handshake in its kernel but never answers the proof.
   * {@code vertx} (null = no timers) also arms {@link #within}.
   */
  public static Future<FdfsConnection> connect(Vertx vertx, NetClient client, HostPort address, String clusterSecret,
                                               long helloTimeoutMs) {
    return client.connect(address.port(), address.host())
        .recover(e -> Future.failedFuture(new ProtoException(ErrorCode.ECONNREFUSED, "cannot reach " + address, e)))
        .compose(s -> {
          FdfsConnection c = new FdfsConnection(vertx, address, s);
          if (clusterSecret == null) {
            return Future.succeededFuture(c);
          }
          Future<Response> hello = c.call(Commands.INTERNAL_HELLO, Buffer.buffer(clusterSecret.getBytes(StandardCharsets.UTF_8)), 0);
          return c.within(hello, helloTimeoutMs).map(r -> c).onFailure(e -> c.close());
        });
  }

  /**
   * {@code f}, failed with ETIMEDOUT and this connection closed when it has not completed within
   * {@code ms} (0, or no Vert.x given at connect: unbounded). For answers that must come quickly
   * (reads): the caller can then try another server.
   */
  public <T> Future<T> within(Future<T> f, long ms) {
    if (ms <= 0 || vertx == null || f.isComplete()) {
      return f;
    }
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(ms, id -> {
      if (!p.future().isComplete()) {
        broken = true; // before the caller sees the failure: a late answer must never be read as the next request's
        p.fail(new ProtoException(ErrorCode.ETIMEDOUT, "server " + address + " did not answer in " + ms + " ms"));
        close();
      }
    });
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
      } else {
        p.tryFail(ar.cause());
      }
    });
    return p.future();
  }

  public HostPort address() {
    return address;
  }

  public boolean broken() {
    return broken;
  }

  /** Sends a whole request and reads a whole answer of at most {@code maxResponse} bytes. */
  public Future<Response> call(byte cmd, Buffer body, int maxResponse) {
    return call(cmd, body, null, maxResponse);
  }

  /**
   * Sends a request whose body is {@code prefix} then {@code data} (null for none). Header, prefix
   * and a small {@code data} go out in one write (one system call); a large {@code data} follows as
   * its own write so it is never copied.
   */
  public Future<Response> call(byte cmd, Buffer prefix, Buffer data, int maxResponse) {
    long length = prefix.length() + (data == null ? 0 : data.length());
    Buffer head = Header.encode(length, cmd, (byte) 0).appendBuffer(prefix);
    boolean small = data != null && data.length() <= COPIED_DATA_MAX;
    if (small) {
      head.appendBuffer(data);
    }
    Future<Void> sent = data == null || small ? socket.write(head)
        : socket.write(head).compose(v -> socket.write(data));
    return guard(sent.compose(v -> readAnswer(maxResponse)));
  }

  /** Sends a request whose body is {@code prefix} followed by {@code length} bytes of {@code content}. */
  public Future<Response> upload(byte cmd, Buffer prefix, ReadStream<Buffer> content, long length, int maxResponse) {
    Buffer head = Header.encode(prefix.length() + length, cmd, (byte) 0).appendBuffer(prefix);
    Future<Void> sent = socket.write(head).compose(v -> content.pipe().endOnComplete(false).to(socket));
    return guard(sent.compose(v -> readAnswer(maxResponse)));
  }

  /**
   * Sends a request and reads only the answer header; the caller must then {@link #pipeBody} exactly
   * the returned length.
   */
  public Future<Long> callForStream(byte cmd, Buffer body) {
    Buffer frame = Header.encode(body.length(), cmd, (byte) 0).appendBuffer(body);
    return guard(socket.write(frame).compose(v -> reader.read(Header.SIZE)).compose(b -> {
      Header h = Header.decode(b);
      if (h.status() != 0) {
        return reader.skip(h.bodyLength()).compose(v -> Future.failedFuture(statusError(cmd, h)));
      }
      return Future.succeededFuture(h.bodyLength());
    }));
  }

  public Future<Void> pipeBody(long n, WriteStream<Buffer> out) {
    return guard(reader.pipe(n, out));
  }

  private Future<Response> readAnswer(int maxResponse) {
    return reader.read(Header.SIZE).compose(b -> {
      Header h = Header.decode(b);
      if (h.bodyLength() > maxResponse) {
        broken = true;
        return Future.failedFuture(new ProtoException(ErrorCode.EIO, "answer of " + h.bodyLength() + " bytes from " + address));
      }
      return reader.read((int) h.bodyLength()).compose(body -> h.status() != 0
          ? Future.failedFuture(statusError(h.cmd(), h))
          : Future.succeededFuture(new Response(body)));
    });
  }

  private ProtoException statusError(byte cmd, Header h) {
    return new ProtoException(ErrorCode.of(h.statusCode()), "server " + address + " answered status " + h.statusCode());
  }

  private <T> Future<T> guard(Future<T> f) {
    return f.onFailure(e -> {
      if (!(e instanceof ProtoException p) || p.code() == ErrorCode.EIO || p.code() == ErrorCode.ECONNREFUSED) {
        broken = true;
      }
    });
  }

  public void close() {
    broken = true;
    socket.close();
  }
}
