package io.stowage.s3.http;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A gateway whose storage server runs in the same JVM (as in the all-in-one server), on a disk that
 * server will not write to ({@code reserved_storage_space = 99%}; the tracker, at its default reserve,
 * still hands it out): a PUT is refused with 503 ServiceUnavailable before {@code 100 Continue}, so
 * the client never starts a body it cannot finish, and nothing is stored.
 */
class FullStorageIT {
  private static final String ACCESS = "AKIASTOWAGEFULL0001";
  private static final String SECRET = "stowage/full/secret+key0123456789abcdef";
  private static final String BUCKET = "full-it";

  private static MiniCluster cluster;
  private static Vertx vertx;
  private static FdfsClientPool pool;
  private static S3Gateway gateway;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().storageSetting("reserved_storage_space", "99%").start();
    vertx = Vertx.vertx();
    pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential(ACCESS, SECRET, true, List.of("admin"))));
    gateway = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0),
        new MetricsRegistry(), cluster.storage("g1-1").local()));
    s3 = GatewayItSupport.s3(gateway, ACCESS, SECRET, RequestChecksumCalculation.WHEN_SUPPORTED).build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    GatewayItSupport.stopAll(cluster, vertx, pool, new S3Gateway[] {gateway}, s3);
  }

  @Test
  void aPutThatWaitsFor100ContinueGets503Instead() throws Exception {
    URI put;
    try (S3Presigner presigner = GatewayItSupport.presigner(gateway, ACCESS, SECRET)) {
      put = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(p -> p.bucket(BUCKET).key("big"))).url().toURI();
    }
    try (Socket sock = new Socket("127.0.0.1", gateway.port())) {
      sock.setSoTimeout(10_000);
      sock.getOutputStream().write(("PUT " + put.getRawPath() + "?" + put.getRawQuery() + " HTTP/1.1\r\nHost: "
          + put.getHost() + ":" + put.getPort() + "\r\nContent-Length: " + (32 << 20)
          + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      sock.getOutputStream().flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
      String status = in.readLine();
      assertEquals("HTTP/1.1 503 Service Unavailable", status, "the answer, not 100 Continue, comes first");
      StringBuilder rest = new StringBuilder();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        rest.append(line).append('\n');
      }
      assertTrue(rest.toString().contains("<Code>ServiceUnavailable</Code>"), rest.toString());
    }
    assertEquals(404, assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("big")))
        .statusCode());
  }

  @Test
  void sdkV2PutIsRefusedWithAnS3ErrorAndStoresNothing() {
    byte[] body = new byte[1 << 20]; // above the inline size: the bytes would go to a data file
    S3Exception e = assertThrows(S3Exception.class,
        () -> s3.putObject(b -> b.bucket(BUCKET).key("sdk"), RequestBody.fromBytes(body)));
    assertEquals(503, e.statusCode());
    assertEquals("ServiceUnavailable", e.awsErrorDetails().errorCode());
    assertEquals(404, assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket(BUCKET).key("sdk")))
        .statusCode());
  }
}
