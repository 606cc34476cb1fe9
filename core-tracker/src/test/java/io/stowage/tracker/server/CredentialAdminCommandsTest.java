package io.stowage.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREDENTIAL_PUT/GET with grants, CREDENTIAL_LIST (no secrets, paged) and CREDENTIAL_DELETE on a real tracker. */
class CredentialAdminCommandsTest {
  static final String SECRET = "cred-secret";

  @TempDir
  Path dir;
  Vertx vertx;
  TrackerNode node;
  FdfsClientPool pool;
  ClusterClient cluster;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    node = TrackerNode.start(vertx, TrackerConfig.embedded(dir, 0, SECRET)).await(30, TimeUnit.SECONDS);
    pool = new FdfsClientPool(vertx, SECRET, 2);
    cluster = new ClusterClient(new TrackerClient(pool, List.of(node.address())));
  }

  @AfterEach
  void tearDown() throws Exception {
    on(pool::close);
    node.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> p = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  ErrorCode status(Supplier<Future<?>> work) throws Exception {
    return on(() -> work.get().transform(ar -> Future.succeededFuture(
        ar.succeeded() ? ErrorCode.OK : ProtoException.codeOf(ar.cause()))));
  }

  @Test
  void grantsRoundTripListHidesSecretsAndDeleteRemoves() throws Exception {
    on(() -> cluster.putCredential(new Credential("AKB", "secret-b", true, List.of("bucket:photos:read"))));
    on(() -> cluster.putCredential(new Credential("AKA", "secret-a", false)));
    on(() -> cluster.putCredential(new Credential("AKC", "secret-c", true, List.of("admin"))));
    assertEquals(List.of("bucket:photos:read"), on(() -> cluster.getCredential("AKB")).grants());
    assertEquals(List.of(), on(() -> cluster.getCredential("AKA")).grants());

    JsonObject page = on(() -> cluster.trackers().internal(Commands.CREDENTIAL_LIST, new JsonObject().put("limit", 2)));
    JsonArray creds = page.getJsonArray("credentials");
    assertEquals(2, creds.size());
    assertTrue(page.getBoolean("truncated"));
    assertEquals("AKA", creds.getJsonObject(0).getString("accessKey"));
    assertFalse(creds.getJsonObject(0).getBoolean("enabled"));
    assertNull(creds.getJsonObject(0).getValue("secretKey"), "never a secret");
    assertFalse(page.encode().contains("secret-"));
    JsonObject rest = on(() -> cluster.trackers().internal(Commands.CREDENTIAL_LIST, new JsonObject().put("after", "AKB")));
    assertEquals(1, rest.getJsonArray("credentials").size());
    assertEquals(new JsonArray().add("admin"), rest.getJsonArray("credentials").getJsonObject(0).getJsonArray("grants"));
    assertFalse(rest.getBoolean("truncated"));

    on(() -> cluster.trackers().internal(Commands.CREDENTIAL_DELETE, new JsonObject().put("accessKey", "AKB")));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.getCredential("AKB")));
    assertEquals(ErrorCode.ENOENT, status(() -> cluster.trackers().internal(Commands.CREDENTIAL_DELETE, new JsonObject().put("accessKey", "AKB"))));
  }
}
