package io.stowage.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MonitoringEndpointsTest {
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(int port, String path, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsLivenessAndReadinessUnderAPrefix() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      MetricsRegistry r = new MetricsRegistry();
      r.counter("hits_total", "Hits.").inc();
      AtomicBoolean ready = new AtomicBoolean(false);
      MonitoringEndpoints m = new MonitoringEndpoints(r, "/_stowage", () -> Future.succeededFuture(ready.get()));
      HttpServer s = vertx.createHttpServer().requestHandler(req -> {
        if (!m.handle(req)) {
          req.response().setStatusCode(418).end();
        }
      }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      int port = s.actualPort();
      HttpResponse<String> metrics = get(port, "/_stowage/metrics", "GET");
      assertEquals(200, metrics.statusCode());
      assertEquals(MetricsRegistry.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(metrics.body().contains("hits_total 1\n"));
      assertEquals(200, get(port, "/_stowage/health/live", "GET").statusCode());
      assertEquals(503, get(port, "/_stowage/health/ready", "GET").statusCode());
      ready.set(true);
      assertEquals(200, get(port, "/_stowage/health/ready", "GET").statusCode());
      assertEquals(405, get(port, "/_stowage/metrics", "POST").statusCode());
      assertEquals(418, get(port, "/metrics", "GET").statusCode(), "outside the prefix: the role's own routes");

      HttpServer own = MonitoringEndpoints.listen(vertx, "127.0.0.1", 0, new MonitoringEndpoints(r, "", () -> Future.failedFuture("down")))
          .await(10, TimeUnit.SECONDS);
      assertEquals(200, get(own.actualPort(), "/metrics", "GET").statusCode());
      assertEquals(503, get(own.actualPort(), "/health/ready", "GET").statusCode());
      assertEquals(404, get(own.actualPort(), "/other", "GET").statusCode());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
