package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBridgeTest {
  @Test
  void queueFillsWhilePausedAndDrainsOnResume() {
    StreamBridge b = new StreamBridge();
    b.setWriteQueueMaxSize(10);
    List<String> got = new ArrayList<>();
    boolean[] drained = new boolean[1];
    boolean[] ended = new boolean[1];
    b.handler(buf -> got.add(buf.toString()));
    b.endHandler(v -> ended[0] = true);
    b.pause();
    b.write(Buffer.buffer("01234"));
    b.write(Buffer.buffer("56789"));
    assertTrue(b.writeQueueFull());
    b.drainHandler(v -> drained[0] = true);
    b.end();
    assertTrue(got.isEmpty());
    assertFalse(ended[0]);
    b.fetch(1);
    assertEquals(List.of("01234"), got);
    assertTrue(drained[0]);
    assertFalse(ended[0]);
    b.resume();
    assertEquals(List.of("01234", "56789"), got);
    assertTrue(ended[0]);
  }

  @Test
  void failingTheReaderReleasesTheWriter() {
    StreamBridge b = new StreamBridge();
    b.setWriteQueueMaxSize(4);
    Throwable[] failure = new Throwable[1];
    boolean[] drained = new boolean[1];
    b.exceptionHandler(t -> failure[0] = t);
    b.write(Buffer.buffer("abcdef"));
    assertTrue(b.writeQueueFull());
    b.drainHandler(v -> drained[0] = true);
    b.fail(new IllegalStateException("upload failed"));
    assertTrue(drained[0]);
    assertFalse(b.writeQueueFull());
    assertTrue(b.write(Buffer.buffer("x")).failed());
    assertEquals("upload failed", failure[0].getMessage());
  }
}
