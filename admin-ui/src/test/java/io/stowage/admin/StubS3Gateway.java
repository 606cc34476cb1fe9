package io.stowage.admin;

import io.stowage.admin.s3.S3Signer;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.MonitoringEndpoints;
import io.stowage.common.metrics.S3Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the S3 gateway in admin tests (the real one lives in s3-gateway, which admin-ui does
 * not depend on): checks each request's SigV4 header against the one secret it knows, keeps object
 * bytes in memory, writes index entries to the real storage server as the gateway does, and serves
 * {@code /_stowage/metrics} with the {@link S3Metrics} families.
 */
final class StubS3Gateway {
  final Map<String, Buffer> objects = new ConcurrentHashMap<>();
  final MetricsRegistry metrics = new MetricsRegistry();
  final S3Metrics s3 = new S3Metrics(metrics);
  volatile int badSignatures;
  private final String accessKey;
  private final String secretKey;
  private final HostPort storage;
  private final IndexClient index;
  private HttpServer server;

  StubS3Gateway(Vertx vertx, String accessKey, String secretKey, HostPort storage, String clusterSecret) {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.storage = storage;
    this.index = new IndexClient(new FdfsClientPool(vertx, clusterSecret, 2));
    MonitoringEndpoints m = new MonitoringEndpoints(metrics, "/_stowage", null);
    this.server = vertx.createHttpServer().requestHandler(req -> {
      if (!m.handle(req)) {
        handle(req);
      }
    });
  }

  Future<StubS3Gateway> start() {
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> stop() {
    return server.close();
  }

  private void handle(HttpServerRequest req) {
    long t0 = System.nanoTime();
    String path = req.path();
    int slash = path.indexOf('/', 1);
    String bucket = path.substring(1, slash);
    String key = URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    Map<String, String> signed = new LinkedHashMap<>();
    for (String h : new String[] {"host", "x-amz-content-sha256", "x-amz-date"}) {
      signed.put(h, req.getHeader(h));
    }
    String expected = S3Signer.authorization(req.method().name(), path, "", signed, S3Signer.UNSIGNED_PAYLOAD, req.getHeader("x-amz-date"),
        "us-east-1", accessKey, secretKey);
    if (!expected.equals(req.getHeader("Authorization"))) {
      badSignatures++;
      req.response().setStatusCode(403).end("<Error><Code>SignatureDoesNotMatch</Code><Message>bad signature</Message></Error>");
      return;
    }
    String op;
    if (req.method() == HttpMethod.PUT) {
      op = "PutObject";
      req.body().compose(b -> {
        objects.put(bucket + "/" + key, b);
        JsonObject entry = new JsonObject().put("fileId", "group1/M00/00/00/x").put("size", (long) b.length()).put("etag", "\"e\"")
            .put("lastModified", System.currentTimeMillis());
        return index.put(storage, bucket, key, entry).map(v -> b);
      }).onComplete(ar -> {
        int status = ar.succeeded() ? 200 : 500;
        req.response().setStatusCode(status).putHeader("ETag", "\"e\"").end();
        s3.record(op, status, System.nanoTime() - t0, ar.succeeded() ? ar.result().length() : 0, 0);
      });
    } else if (req.method() == HttpMethod.GET) {
      op = "GetObject";
      Buffer b = objects.get(bucket + "/" + key);
      if (b == null) {
        req.response().setStatusCode(404).end("<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>");
        s3.record(op, 404, System.nanoTime() - t0, 0, 0);
      } else {
        req.response().putHeader("Content-Type", "application/octet-stream").end(b);
        s3.record(op, 200, System.nanoTime() - t0, 0, b.length());
      }
    } else if (req.method() == HttpMethod.DELETE) {
      op = "DeleteObject";
      objects.remove(bucket + "/" + key);
      index.delete(storage, bucket, key).onComplete(ar -> {
        req.response().setStatusCode(204).end();
        s3.record(op, 204, System.nanoTime() - t0, 0, 0);
      });
    } else {
      req.response().setStatusCode(501).end();
    }
  }
}
