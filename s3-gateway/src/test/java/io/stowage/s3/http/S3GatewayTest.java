package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.config.HostPort;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP front without a cluster (the tracker address points nowhere): everything that is
 * decided before a handler runs — routing, the authentication choke point, error rendering, Expect.
 */
class S3GatewayTest {
  private static Vertx vertx;
  private static S3Gateway gateway;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    GatewayConfig cfg = GatewayConfig.of(List.of(new HostPort("127.0.0.1", 1)), "secret", 0);
    gateway = S3Gateway.start(vertx, cfg).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery);
  }

  @Test
  void portZeroPicksAnEphemeralPortSharedByAllEventLoops() throws Exception {
    assertTrue(gateway.port() > 0);
    for (int i = 0; i < 4; i++) {
      assertEquals(403, send(HttpRequest.newBuilder(uri("/"))).statusCode());
    }
  }

  @Test
  void anonymousRequestsAreAccessDeniedWithRequestId() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/bucket/key")));
    assertEquals(403, r.statusCode());
    String id = r.headers().firstValue("x-amz-request-id").orElseThrow();
    assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
    assertTrue(r.body().contains("<RequestId>" + id + "</RequestId>"), r.body());
    assertEquals("application/xml", r.headers().firstValue("content-type").orElseThrow());
  }

  @Test
  void healthAndMetricsAreServedUnderTheReservedPrefix() throws Exception {
    assertEquals(200, send(HttpRequest.newBuilder(uri("/_stowage/health/live"))).statusCode());
    // The trackers cannot be reached: alive, not ready.
    assertEquals(503, send(HttpRequest.newBuilder(uri("/_stowage/health/ready"))).statusCode());
    send(HttpRequest.newBuilder(uri("/bucket/key")));
    HttpResponse<String> m = send(HttpRequest.newBuilder(uri("/_stowage/metrics")));
    assertEquals(200, m.statusCode());
    assertTrue(m.body().contains("stowage_s3_requests_total{operation=\"GetObject\",status_class=\"4xx\"}"),
        m.body());
  }

  @Test
  void unsupportedSubresourcesAreAuthenticatedBeforeTheyAreRefused() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/bucket?acl")));
    assertEquals(403, r.statusCode(), "an unsigned request learns nothing, not even what is implemented");
    assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
  }

  @Test
  void headErrorsHaveNoBody() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/bucket/key")).method("HEAD",
        HttpRequest.BodyPublishers.noBody()));
    assertEquals(403, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void unreachableTrackerIsServiceUnavailable() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/"))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0".repeat(64))
        .header("x-amz-date", RequestTimeFormat.now())
        .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>ServiceUnavailable</Code>"), r.body());
  }

  @Test
  void rejectedUploadIsAnsweredBeforeTheBodyAndClosesTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", gateway.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("PUT /bucket/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n"
          + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
      assertFalse(answer.contains("100 Continue"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
  }

  /** x-amz-date for "now". */
  static final class RequestTimeFormat {
    static String now() {
      return io.stowage.s3.auth.RequestTime.formatAmzDate(java.time.Instant.now());
    }
  }
}
