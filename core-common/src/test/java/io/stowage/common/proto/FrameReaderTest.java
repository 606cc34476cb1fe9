package io.stowage.common.proto;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  /** A read stream the test pushes into; records whether the reader paused it. */
  static final class PushStream implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;
    boolean paused;

    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) { return this; }
    public ReadStream<Buffer> handler(Handler<Buffer> h) { handler = h; return this; }
    public ReadStream<Buffer> pause() { paused = true; return this; }
    public ReadStream<Buffer> resume() { paused = false; return this; }
    public ReadStream<Buffer> fetch(long amount) { paused = false; return this; }
    public ReadStream<Buffer> endHandler(Handler<Void> h) { end = h; return this; }
  }

  /** A write stream whose queue is "full" until the test drains it. */
  static final class SlowSink implements WriteStream<Buffer> {
    final Buffer got = Buffer.buffer();
    boolean full;
    Handler<Void> drain;

    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> h) { return this; }
    public Future<Void> write(Buffer data) { got.appendBuffer(data); return Future.succeededFuture(); }
    public Future<Void> end() { return Future.succeededFuture(); }
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) { return this; }
    public boolean writeQueueFull() { return full; }
    public WriteStream<Buffer> drainHandler(Handler<Void> h) { drain = h; return this; }
  }

  @Test
  void readsFramesSplitAtEveryBoundary() {
    Buffer wire = Buffer.buffer();
    for (int i = 0; i < 5; i++) {
      wire.appendBuffer(Header.encode(3, (byte) (10 + i), (byte) 0)).appendString("ab" + i);
    }
    for (int split = 1; split <= wire.length(); split++) {
      PushStream in = new PushStream();
      FrameReader r = new FrameReader(in);
      List<String> seen = new ArrayList<>();
      readFrames(r, seen, 5);
      for (int at = 0; at < wire.length(); at += split) {
        in.handler.handle(wire.slice(at, Math.min(wire.length(), at + split)));
      }
      assertEquals(List.of("10:ab0", "11:ab1", "12:ab2", "13:ab3", "14:ab4"), seen, "split " + split);
    }
  }

  private void readFrames(FrameReader r, List<String> seen, int left) {
    if (left == 0) {
      return;
    }
    r.read(Header.SIZE).compose(h -> {
      Header header = Header.decode(h);
      return r.read((int) header.bodyLength()).map(b -> header.cmd() + ":" + b);
    }).onSuccess(s -> {
      seen.add(s);
      readFrames(r, seen, left - 1);
    });
  }

  @Test
  void pipePausesSourceWhileSinkIsFullAndKeepsLeftover() {
    PushStream in = new PushStream();
    FrameReader r = new FrameReader(in);
    SlowSink sink = new SlowSink();
    sink.full = true;
    boolean[] done = new boolean[1];
    r.pipe(6, sink).onSuccess(v -> done[0] = true);
    assertFalse(in.paused, "reader asks for data while piping");
    in.handler.handle(Buffer.buffer("abc"));
    assertTrue(in.paused, "source paused while the sink is full");
    in.handler.handle(Buffer.buffer("defXY"));
    assertEquals("abc", sink.got.toString());
    sink.full = false;
    sink.drain.handle(null);
    assertTrue(done[0]);
    assertEquals("abcdef", sink.got.toString());
    String[] rest = new String[1];
    r.read(2).onSuccess(b -> rest[0] = b.toString());
    assertEquals("XY", rest[0], "bytes after the piped body stay for the next read");
  }

  @Test
  void endMidFrameFailsTheRead() {
    PushStream in = new PushStream();
    FrameReader r = new FrameReader(in);
    Future<Buffer> f = r.read(10);
    in.handler.handle(Buffer.buffer("abc"));
    in.end.handle(null);
    assertTrue(f.failed());
    assertEquals(ErrorCode.EIO, ((ProtoException) f.cause()).code());
  }
}
