package io.stowage.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.FdfsConnection;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop and start on the same directory: files, binlog and index survive; leftovers are cleaned. */
class StorageNodeRestartTest {
  @TempDir
  Path dir;

  @Test
  void filesBinlogAndIndexSurviveRestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      StorageConfig cfg = StorageConfig.embedded(dir, 5, "s", 0, java.util.List.of(new HostPort("127.0.0.1", 1)));
      StorageNode node = StorageNode.start(vertx, cfg).await(30, TimeUnit.SECONDS);
      String remote = upload(vertx, node.port(), "persist me");
      node.index().put("bkt", "k".getBytes(), "v".getBytes()).await(10, TimeUnit.SECONDS);
      long logSize = node.binlog().size();
      node.stop().await(30, TimeUnit.SECONDS);

      Path leftover = dir.resolve("data/.tmp/crashed-upload.tmp");
      Files.writeString(leftover, "partial");
      Files.writeString(dir.resolve("data/sync/binlog.000"), "99 C M00/00/00/torn", java.nio.file.StandardOpenOption.APPEND);

      StorageNode again = StorageNode.start(vertx, cfg).await(30, TimeUnit.SECONDS);
      try {
        assertFalse(Files.exists(leftover), "leftover temp file removed at start");
        assertFalse(again.binlog().recovery().clean());
        assertEquals(logSize, again.binlog().size());
        assertArrayEquals("v".getBytes(), again.index().get("bkt", "k".getBytes()).await(10, TimeUnit.SECONDS));
        assertEquals("persist me", download(vertx, again.port(), remote));
        assertTrue(again.binlog().read(0, 10).stream().anyMatch(e -> e.record().filename().equals(remote)));
      } finally {
        again.stop().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static String upload(Vertx vertx, int port, String text) throws Exception {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    Buffer b = Buffer.buffer().appendByte((byte) -1).appendLong(data.length);
    Wire.appendFixed(b, "txt", 6).appendBytes(data);
    Buffer answer = call(vertx, port, Commands.UPLOAD_FILE, b);
    return answer.getString(16, answer.length());
  }

  private static String download(Vertx vertx, int port, String remote) throws Exception {
    Buffer b = Buffer.buffer().appendLong(0).appendLong(0);
    Wire.appendFixed(b, "group1", 16).appendString(remote);
    return call(vertx, port, Commands.DOWNLOAD_FILE, b).toString(StandardCharsets.UTF_8);
  }

  private static Buffer call(Vertx vertx, int port, byte cmd, Buffer body) throws Exception {
    NetClient net = vertx.createNetClient();
    var ctx = vertx.getOrCreateContext();
    io.vertx.core.Promise<Buffer> p = io.vertx.core.Promise.promise();
    ctx.runOnContext(v -> FdfsConnection.connect(net, new HostPort("127.0.0.1", port), null)
        .compose(c -> c.call(cmd, body, 1 << 20).andThen(x -> c.close()))
        .map(r -> r.body()).eventually(net::close).onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }
}
