package io.stowage.storage.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index writes made unsynced and then covered by a {@code syncWal}, and synced writes, survive a
 * SIGKILL of their process (the acknowledgement of an index write waits for exactly that).
 */
class KeyIndexKillTest {
  static final int WRITES = 200;

  @TempDir
  Path dir;

  /** The child: writes without syncing, syncs once, says so, then SIGKILLs itself. */
  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    KeyIndex index = KeyIndex.open(vertx, Path.of(args[0])).await(30, TimeUnit.SECONDS);
    for (int i = 0; i < WRITES; i++) {
      byte[] value = ("v" + i).getBytes(UTF_8);
      index.updateUnsynced("bkt", ("k" + i).getBytes(UTF_8), old -> value, () -> null).await(30, TimeUnit.SECONDS);
    }
    index.syncWal().get(30, TimeUnit.SECONDS);
    // a synced write of its own, after the others
    index.put("bkt", "synced-put".getBytes(UTF_8), "p".getBytes(UTF_8)).await(30, TimeUnit.SECONDS);
    System.out.println("synced");
    System.out.flush();
    new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).start().waitFor();
    Thread.sleep(30_000);
  }

  @Test
  void syncedWritesSurviveAKill() throws Exception {
    Path idx = dir.resolve("idx");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KeyIndexKillTest.class.getName(), idx.toString())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed (128 + SIGKILL); output: " + out);
    assertTrue(out.contains("synced"), out);

    Vertx vertx = Vertx.vertx();
    KeyIndex index = KeyIndex.open(vertx, idx).await(30, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < WRITES; i++) {
        assertArrayEquals(("v" + i).getBytes(UTF_8), index.get("bkt", ("k" + i).getBytes(UTF_8)).await(30, TimeUnit.SECONDS),
            "k" + i);
      }
      assertArrayEquals("p".getBytes(UTF_8), index.get("bkt", "synced-put".getBytes(UTF_8)).await(30, TimeUnit.SECONDS));
      assertEquals(WRITES + 1, index.scan("bkt", new byte[0], null, 1000).await(30, TimeUnit.SECONDS).size());
    } finally {
      index.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
