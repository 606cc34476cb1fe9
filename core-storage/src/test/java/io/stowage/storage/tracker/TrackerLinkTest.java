package io.stowage.storage.tracker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.FrameConnection;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker link against a fake tracker speaking the internal protocol. */
class TrackerLinkTest {
  static final String SECRET = "link-secret";
  @TempDir
  Path dir;
  Vertx vertx;
  NetServer tracker;
  final List<Map.Entry<Integer, JsonObject>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startTracker() throws Exception {
    vertx = Vertx.vertx();
    CommandHandler record = req -> req.readRest(1 << 16).compose(body -> {
      received.add(Map.entry(req.header().cmdCode(), new JsonObject(body)));
      return req.ok(Buffer.buffer(new JsonObject().put("status", "ACTIVE").encode()));
    });
    Map<Byte, CommandHandler> handlers = Map.of(Commands.STORAGE_JOIN, record, Commands.STORAGE_BEAT, record);
    tracker = vertx.createNetServer().connectHandler(s -> new FrameConnection(s, handlers, SECRET, false).start())
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  void joinsNextTrackerWhenFirstIsDownThenBeats() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    StorageConfig cfg = StorageConfig.of(Map.of("base_path", dir.toString(), "server_id", "42", "port", "0",
        "cluster_secret", SECRET, "heartbeat_interval", "1", "reserved_storage_space", "0", "group_name", "g7",
        "tracker_server", "127.0.0.1:" + dead + ",127.0.0.1:" + tracker.actualPort()));
    StorageNode node = StorageNode.start(vertx, cfg).await(30, TimeUnit.SECONDS);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
      assertEquals(Commands.STORAGE_JOIN & 0xff, received.get(0).getKey());
      assertEquals(Commands.STORAGE_BEAT & 0xff, received.get(1).getKey());
      JsonObject join = received.get(0).getValue();
      assertEquals("g7", join.getString("group"));
      assertEquals(42, join.getInteger("serverId"));
      assertEquals("127.0.0.1", join.getString("host"));
      assertEquals(node.port(), join.getInteger("port"));
      assertEquals(TrackerLink.VERSION, join.getString("version"));
      JsonObject path = join.getJsonArray("storePaths").getJsonObject(0);
      assertEquals(0, path.getInteger("index"));
      assertTrue(path.getLong("totalMb") > 0 && path.getLong("freeMb") > 0, path.encode());
      assertEquals(ServerStatus.ACTIVE, node.trackerLink().status());
    } finally {
      node.stop().await(30, TimeUnit.SECONDS);
    }
  }
}
