package io.stowage.storage.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.IndexClient;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every index command test of {@link IndexCommandsTest} again, through the storage node's
 * in-process entry point (what a gateway in the same JVM uses) instead of the socket: same checks,
 * same answers. Plus what only the in-process path has to guarantee.
 */
class InProcessIndexCommandsTest extends IndexCommandsTest {
  @BeforeAll
  static void inProcess() {
    client = new IndexClient(pool, node.local());
    inProcess = true;
  }

  @Test
  void answersOnTheCallersContextNotTheServers() throws Exception {
    String bucket = "context-bucket";
    on(() -> client.put(server, bucket, "k", entry("k", 1)));
    // a write runs on the server's event loop, a read on the index workers: both come back here
    assertTrue(on(() -> client.put(server, bucket, "k2", entry("k2", 2)).map(v -> (Boolean) (Vertx.currentContext() == context))).booleanValue());
    assertTrue(on(() -> client.get(server, bucket, "k").map(e -> (Boolean) (Vertx.currentContext() == context))).booleanValue());
    assertTrue(on(() -> client.delete(server, bucket, "k").map(e -> (Boolean) (Vertx.currentContext() == context))).booleanValue());
  }

  @Test
  void inlineBytesTravelAsBytes() throws Exception {
    String bucket = "inline-bucket";
    byte[] data = {0, 1, 2, (byte) 0xff};
    on(() -> client.putReplacing(server, bucket, "small", entry("small", 4), data));
    JsonObject got = on(() -> client.get(server, bucket, "small"));
    assertEquals(4, got.getBinary(IndexClient.INLINE_DATA).length);
    assertEquals(0xff, got.getBinary(IndexClient.INLINE_DATA)[3] & 0xff);
  }

  @Test
  void refusesWhatIsNotAnIndexCommand() throws Exception {
    assertEquals(ErrorCode.EINVAL, status(() -> node.local().index(Commands.UPLOAD_FILE, new JsonObject())));
    assertEquals(ErrorCode.EINVAL, status(() -> node.local().index(Commands.INDEX_GET, new JsonObject().put("bucket", "x"))));
  }
}
