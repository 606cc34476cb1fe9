package io.stowage.storage.server;

import io.stowage.common.client.FdfsConnection;
import io.stowage.common.client.Response;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.common.proto.Wire;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.streams.ReadStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A FastDFS storage client built from raw frames over {@link FdfsConnection}, driven from the test
 * thread: every call runs on one Vert.x context (the connection is not thread-safe) and is awaited.
 */
final class TestClient implements AutoCloseable {
  static final String GROUP = "group1";
  private final Context context;
  private final NetClient net;
  private final FdfsConnection conn;

  TestClient(Vertx vertx, int port) {
    this.context = vertx.getOrCreateContext();
    this.net = vertx.createNetClient();
    this.conn = run(() -> FdfsConnection.connect(net, new HostPort("127.0.0.1", port), null));
  }

  <T> T run(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(p);
      } catch (Throwable t) {
        p.fail(t);
      }
    });
    try {
      return p.future().await(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /** The status a failing call answered with. */
  ErrorCode status(Runnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof ProtoException p) {
          return p.code();
        }
      }
      throw new AssertionError("unexpected failure", t);
    }
    throw new AssertionError("call succeeded");
  }

  Buffer call(byte cmd, Buffer body) {
    return run(() -> conn.call(cmd, body, 64 << 20)).body();
  }

  static Buffer group() {
    return Wire.appendFixed(Buffer.buffer(), GROUP, 16);
  }

  static String remoteOf(Buffer answer) {
    String g = Wire.readFixed(answer, 0, 16);
    if (!g.equals(GROUP)) {
      throw new AssertionError("group " + g);
    }
    return answer.getString(16, answer.length());
  }

  String upload(byte[] data, String ext) {
    return upload(Commands.UPLOAD_FILE, data, ext);
  }

  String upload(byte cmd, byte[] data, String ext) {
    Buffer b = Buffer.buffer().appendByte((byte) -1).appendLong(data.length);
    Wire.appendFixed(b, ext, 6).appendBytes(data);
    return remoteOf(call(cmd, b));
  }

  /** Streams {@code length} bytes from {@code content} as an upload body. */
  String uploadStream(ReadStream<Buffer> content, long length, String ext) {
    Buffer prefix = Buffer.buffer().appendByte((byte) 0).appendLong(length);
    Wire.appendFixed(prefix, ext, 6);
    return remoteOf(run(() -> conn.upload(Commands.UPLOAD_FILE, prefix, content, length, 1024)).body());
  }

  String uploadSlave(String master, String prefix, String ext, byte[] data) {
    byte[] m = master.getBytes(StandardCharsets.UTF_8);
    Buffer b = Buffer.buffer().appendLong(m.length).appendLong(data.length);
    Wire.appendFixed(b, prefix, 16);
    Wire.appendFixed(b, ext, 6);
    b.appendBytes(m).appendBytes(data);
    return remoteOf(call(Commands.UPLOAD_SLAVE_FILE, b));
  }

  byte[] download(String remote, long offset, long length) {
    Buffer b = Buffer.buffer().appendLong(offset).appendLong(length).appendBuffer(group()).appendString(remote);
    return call(Commands.DOWNLOAD_FILE, b).getBytes();
  }

  /** Starts a download and pipes the answer into {@code out}; returns the announced length. */
  long downloadTo(String remote, io.vertx.core.streams.WriteStream<Buffer> out) {
    Buffer b = Buffer.buffer().appendLong(0).appendLong(0).appendBuffer(group()).appendString(remote);
    return run(() -> conn.callForStream(Commands.DOWNLOAD_FILE, b).compose(n -> conn.pipeBody(n, out).map(n)));
  }

  void delete(String remote) {
    call(Commands.DELETE_FILE, group().appendString(remote));
  }

  void setMeta(String remote, char op, byte[] meta) {
    byte[] n = remote.getBytes(StandardCharsets.UTF_8);
    Buffer b = Buffer.buffer().appendLong(n.length).appendLong(meta.length).appendByte((byte) op).appendBuffer(group())
        .appendBytes(n).appendBytes(meta);
    call(Commands.SET_METADATA, b);
  }

  byte[] getMeta(String remote) {
    return call(Commands.GET_METADATA, group().appendString(remote)).getBytes();
  }

  Buffer info(String remote) {
    return call(Commands.QUERY_FILE_INFO, group().appendString(remote));
  }

  void append(String remote, byte[] data) {
    byte[] n = remote.getBytes(StandardCharsets.UTF_8);
    call(Commands.APPEND_FILE, Buffer.buffer().appendLong(n.length).appendLong(data.length).appendBytes(n).appendBytes(data));
  }

  void modify(String remote, long offset, byte[] data) {
    byte[] n = remote.getBytes(StandardCharsets.UTF_8);
    call(Commands.MODIFY_FILE, Buffer.buffer().appendLong(n.length).appendLong(offset).appendLong(data.length).appendBytes(n)
        .appendBytes(data));
  }

  void truncate(String remote, long size) {
    byte[] n = remote.getBytes(StandardCharsets.UTF_8);
    call(Commands.TRUNCATE_FILE, Buffer.buffer().appendLong(n.length).appendLong(size).appendBytes(n));
  }

  String regenerate(String remote) {
    return remoteOf(call(Commands.REGENERATE_APPENDER_FILENAME, Buffer.buffer(remote)));
  }

  Response raw(byte cmd, Buffer body) {
    return run(() -> conn.call(cmd, body, 1 << 20));
  }

  @Override
  public void close() {
    run(() -> {
      conn.close();
      return net.close();
    });
  }
}
