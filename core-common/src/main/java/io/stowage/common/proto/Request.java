package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.WriteStream;

/**
 * One request frame on a server connection: its header, a bounded view of its body, and the ways to
 * answer it. Reads never run past this frame's body.
 */
public final class Request {
  private final Header header;
  private final FrameReader reader;
  private final NetSocket socket;
  private final ConnectionState state;
  private final long bodyStart;
  private boolean replied;

  Request(Header header, FrameReader reader, NetSocket socket, ConnectionState state) {
    this.header = header;
    this.reader = reader;
    this.socket = socket;
    this.state = state;
    this.bodyStart = reader.consumed();
  }

  public Header header() {
    return header;
  }

  public byte cmd() {
    return header.cmd();
  }

  public NetSocket socket() {
    return socket;
  }

  public ConnectionState state() {
    return state;
  }

  public long bodyLength() {
    return header.bodyLength();
  }

  public long remaining() {
    return header.bodyLength() - (reader.consumed() - bodyStart);
  }

  public Future<Buffer> read(int n) {
    if (n > remaining()) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body too short"));
    }
    return reader.read(n);
  }

  /** The rest of the body, refused with EINVAL when over {@code max} bytes. */
  public Future<Buffer> readRest(int max) {
    long rest = remaining();
    if (rest > max) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body of " + rest + " bytes over " + max));
    }
    return reader.read((int) rest);
  }

  public Future<Void> pipe(long n, WriteStream<Buffer> out) {
    if (n > remaining()) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "body too short"));
    }
    return reader.pipe(n, out);
  }

  Future<Void> skipRest() {
    long rest = remaining();
    return rest > 0 ? reader.skip(rest) : Future.succeededFuture();
  }

  public boolean replied() {
    return replied;
  }

  public Future<Void> ok() {
    return reply(ErrorCode.OK, null);
  }

  public Future<Void> ok(Buffer body) {
    return reply(ErrorCode.OK, body);
  }

  public Future<Void> reply(ErrorCode status, Buffer body) {
    replied = true;
    int len = body == null ? 0 : body.length();
    Buffer out = Header.encode(len, Commands.RESP, status.status());
    if (body != null) {
      out.appendBuffer(body);
    }
    return socket.write(out);
  }

  /** Sends the header for a body of {@code length} bytes that the caller then writes itself. */
  public Future<Void> replyHeader(long length) {
    replied = true;
    return socket.write(Header.encode(length, Commands.RESP, (byte) 0));
  }
}
