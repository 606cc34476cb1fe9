package io.stowage.storage.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream carried from one event loop to another: bytes, order, end, failure, back-pressure, drop. */
class ContextBridgeStreamTest {
  Vertx vertx;
  Context sourceCtx;
  Context readerCtx;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
    sourceCtx = TestContexts.deploy(vertx);
    readerCtx = TestContexts.deploy(vertx);
    assertNotEquals(TestContexts.threadOf(sourceCtx), TestContexts.threadOf(readerCtx));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Reads the bridge on the reader's context, collecting bytes; flags any event off that context. */
  final class Reader {
    final Buffer got = Buffer.buffer();
    final CompletableFuture<Throwable> done = new CompletableFuture<>(); // null: ended
    final AtomicBoolean offContext = new AtomicBoolean();
    ContextBridgeStream stream;

    void check() {
      if (Vertx.currentContext() != readerCtx) {
        offContext.set(true);
      }
    }

    void start(ContextBridgeStream s, boolean paused) {
      stream = s;
      readerCtx.runOnContext(v -> {
        s.handler(b -> {
          check();
          got.appendBuffer(b);
        });
        s.endHandler(x -> {
          check();
          done.complete(null);
        });
        s.exceptionHandler(t -> {
          check();
          done.complete(t);
        });
        if (paused) {
          s.pause();
        }
      });
    }
  }

  ContextBridgeStream bridge(ChunkedSource src, long highWater) throws Exception {
    CompletableFuture<ContextBridgeStream> s = new CompletableFuture<>();
    sourceCtx.runOnContext(v -> s.complete(ContextBridgeStream.bridge(src, sourceCtx, readerCtx, highWater)));
    return s.get(10, TimeUnit.SECONDS);
  }

  @Test
  void carriesEveryByteInOrderThenTheEndOnTheReadersContext() throws Exception {
    byte[] data = random(3 << 20);
    ChunkedSource src = new ChunkedSource(sourceCtx, data, 7001);
    Reader r = new Reader();
    r.start(bridge(src, 1 << 20), false);
    assertNull(r.done.get(30, TimeUnit.SECONDS));
    assertArrayEquals(data, r.got.getBytes());
    assertFalse(r.offContext.get(), "reader events must run on the reader's context");
    assertFalse(src.offContext, "source calls must run on the source's context");
    assertEquals(0, r.stream.queuedBytes());
  }

  @Test
  void pausesTheSourceWhileTheReaderDoesNotTakeAndResumesItAfter() throws Exception {
    byte[] data = random(2 << 20);
    int piece = 4096;
    long highWater = 64 << 10;
    ChunkedSource src = new ChunkedSource(sourceCtx, data, piece);
    Reader r = new Reader();
    r.start(bridge(src, highWater), true);
    await().atMost(Duration.ofSeconds(10)).until(src::paused);
    Thread.sleep(100); // a source that ignored the pause would run on meanwhile
    long queued = r.stream.queuedBytes();
    assertTrue(queued > highWater && queued <= highWater + piece, "queued " + queued);
    assertTrue(src.sent.get() < data.length);
    assertTrue(src.paused());
    readerCtx.runOnContext(v -> r.stream.resume());
    assertNull(r.done.get(30, TimeUnit.SECONDS));
    assertArrayEquals(data, r.got.getBytes());
    assertFalse(src.offContext);
  }

  @Test
  void aFailingSourceFailsTheReaderAfterTheBytesBeforeIt() throws Exception {
    byte[] data = random(1 << 20);
    ChunkedSource src = new ChunkedSource(sourceCtx, data, 10_000, 300_000);
    Reader r = new Reader();
    r.start(bridge(src, 64 << 10), false);
    Throwable t = r.done.get(30, TimeUnit.SECONDS);
    assertEquals("client went away", t.getMessage());
    assertEquals(300_000, r.got.length());
    assertFalse(r.offContext.get());
  }

  @Test
  void dropDiscardsTheRestOfTheSourceWithoutMoreEvents() throws Exception {
    byte[] data = random(2 << 20);
    ChunkedSource src = new ChunkedSource(sourceCtx, data, 4096);
    Reader r = new Reader();
    r.start(bridge(src, 64 << 10), true);
    await().atMost(Duration.ofSeconds(10)).until(src::paused);
    AtomicReference<Integer> before = new AtomicReference<>();
    CompletableFuture<Void> dropped = new CompletableFuture<>();
    readerCtx.runOnContext(v -> {
      r.stream.drop();
      before.set(r.got.length());
      r.stream.resume();
      dropped.complete(null);
    });
    dropped.get(10, TimeUnit.SECONDS);
    // the source is read to its end and nothing more reaches the reader
    await().atMost(Duration.ofSeconds(10)).until(() -> src.sent.get() == data.length);
    Thread.sleep(100);
    CompletableFuture<Integer> after = new CompletableFuture<>();
    readerCtx.runOnContext(v -> after.complete(r.got.length()));
    assertEquals(before.get(), after.get(10, TimeUnit.SECONDS));
    assertFalse(r.done.isDone(), "no end after a drop");
    assertEquals(0, r.stream.queuedBytes());
  }
}
