package io.stowage.storage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stowage.common.fileid.GeneratedName;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A very large streamed upload (default 5 GiB) to check that nothing buffers a whole body. Off by
 * default (disk and time); run with {@code -Dstowage.bigUpload=true}, or as a program with a small
 * heap: {@code java -Xmx256m -cp ... io.stowage.storage.server.BigUploadTest [bytes]}.
 */
class BigUploadTest {
  @Test
  @EnabledIfSystemProperty(named = "stowage.bigUpload", matches = "true")
  void hugeUploadStreams() throws Exception {
    run(Long.getLong("stowage.bigUploadBytes", 5L << 30));
  }

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Long.parseLong(args[0]) : 5L << 30);
    System.out.println("OK, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    System.exit(0);
  }

  static void run(long size) throws Exception {
    Path dir = Files.createTempDirectory("stowage-big");
    Vertx vertx = Vertx.vertx();
    StorageNode node = StorageNode.start(vertx, StorageConfig.embedded(dir, 77, "s", 0,
        List.of(new io.stowage.common.config.HostPort("127.0.0.1", 1)))).await(30, TimeUnit.SECONDS);
    try (TestClient client = new TestClient(vertx, node.port())) {
      long t0 = System.nanoTime();
      Generated src = new Generated(vertx.getOrCreateContext(), size);
      String remote = client.uploadStream(src, size, "bin");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      GeneratedName g = GeneratedName.decode(remote.substring(10));
      assertEquals(size, g.size());
      assertEquals(src.crc(), g.crc32());
      assertEquals(size, Files.size(dir.resolve("data").resolve(remote.substring(4))));
      System.out.printf("uploaded %d bytes in %d ms, heap used now %d MiB%n", size, ms,
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
      client.delete(remote);
    } finally {
      node.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** Produces {@code size} pseudo-random bytes on demand, honouring pause/resume. */
  static final class Generated implements ReadStream<Buffer> {
    private final Context ctx;
    private final byte[] chunk = new byte[64 * 1024];
    private final CRC32 crc = new CRC32();
    private long remaining;
    private long demand = Long.MAX_VALUE;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean scheduled;
    private long seed = 1;

    Generated(Context ctx, long size) {
      this.ctx = ctx;
      this.remaining = size;
    }

    int crc() {
      return (int) crc.getValue();
    }

    private void schedule() {
      if (!scheduled && handler != null) {
        scheduled = true;
        ctx.runOnContext(v -> emit());
      }
    }

    private void emit() {
      scheduled = false;
      int burst = 16;
      while (demand > 0 && remaining > 0 && burst-- > 0) {
        int n = (int) Math.min(chunk.length, remaining);
        for (int i = 0; i < n; i += 8) {
          seed = seed * 6364136223846793005L + 1442695040888963407L;
          for (int j = 0; j < 8 && i + j < n; j++) {
            chunk[i + j] = (byte) (seed >>> (j * 8));
          }
        }
        crc.update(chunk, 0, n);
        remaining -= n;
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(Buffer.buffer(java.util.Arrays.copyOf(chunk, n)));
      }
      if (remaining == 0) {
        if (endHandler != null) {
          Handler<Void> h = endHandler;
          endHandler = null;
          h.handle(null);
        }
      } else if (demand > 0) {
        schedule();
      }
    }

    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    public ReadStream<Buffer> handler(Handler<Buffer> h) {
      this.handler = h;
      schedule();
      return this;
    }

    public ReadStream<Buffer> pause() {
      demand = 0;
      return this;
    }

    public ReadStream<Buffer> resume() {
      return fetch(Long.MAX_VALUE);
    }

    public ReadStream<Buffer> fetch(long amount) {
      demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
      schedule();
      return this;
    }

    public ReadStream<Buffer> endHandler(Handler<Void> h) {
      this.endHandler = h;
      return this;
    }
  }
}
