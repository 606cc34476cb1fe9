package io.stowage.admin.s3;

import io.stowage.admin.auth.Session;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object browser's data path: GET, PUT and DELETE of one object forwarded to the S3 gateway,
 * signed with SigV4 as the logged-in key (so the gateway's grants apply to the admin too), bodies
 * piped both ways with back-pressure, never buffered whole.
 */
public final class S3Proxy {
  private final HttpClientAgent client;
  private final URI endpoint;
  private final String hostHeader;
  private final String region;

  public S3Proxy(Vertx vertx, String endpoint, String region) {
    this.endpoint = URI.create(endpoint);
    boolean tls = "https".equals(this.endpoint.getScheme());
    int port = this.endpoint.getPort() > 0 ? this.endpoint.getPort() : tls ? 443 : 80;
    this.hostHeader = this.endpoint.getHost() + (this.endpoint.getPort() > 0 ? ":" + this.endpoint.getPort() : "");
    this.region = region;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(this.endpoint.getHost()).setDefaultPort(port).setSsl(tls)
        .setConnectTimeout(5000).setIdleTimeout(60));
  }

  /** A signed request to the gateway for {@code /bucket/key}; key null for bucket-level calls. */
  public Future<HttpClientRequest> request(Session who, HttpMethod method, String bucket, String key) {
    String path = "/" + S3Signer.encodePath(bucket) + (key == null ? "" : "/" + S3Signer.encodePath(key));
    String amzDate = S3Signer.amzDate(ZonedDateTime.now());
    Map<String, String> signed = new LinkedHashMap<>();
    signed.put("host", hostHeader);
    signed.put("x-amz-content-sha256", S3Signer.UNSIGNED_PAYLOAD);
    signed.put("x-amz-date", amzDate);
    String auth = S3Signer.authorization(method.name(), path, "", signed, S3Signer.UNSIGNED_PAYLOAD, amzDate, region, who.accessKey(),
        who.secretKey());
    RequestOptions o = new RequestOptions().setMethod(method).setURI(path).setTimeout(0).setIdleTimeout(60_000);
    return client.request(o).map(r -> {
      signed.forEach(r::putHeader);
      r.putHeader("Authorization", auth);
      return r;
    });
  }

  /** Streams the object to {@code out} with its status and content headers, as an attachment download. */
  public Future<Void> download(Session who, String bucket, String key, HttpServerResponse out) {
    return request(who, HttpMethod.GET, bucket, key).compose(HttpClientRequest::send).compose(resp -> {
      out.setStatusCode(resp.statusCode());
      copy(resp.headers(), out, "Content-Type", "Content-Length", "ETag", "Last-Modified");
      if (resp.statusCode() == 200) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        out.putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + S3Signer.encodeQuery(name));
      }
      out.putHeader("X-Content-Type-Options", "nosniff");
      return resp.pipeTo(out);
    });
  }

  /**
   * Streams {@code in}'s body to the gateway as PUT {@code /bucket/key}; completes with the
   * gateway's status and (small) answer body.
   */
  public Future<Answer> upload(Session who, String bucket, String key, HttpServerRequest in, long length, String contentType) {
    return request(who, HttpMethod.PUT, bucket, key).compose(r -> {
      r.putHeader("Content-Length", Long.toString(length));
      if (contentType != null && !contentType.isEmpty()) {
        r.putHeader("Content-Type", contentType);
      }
      return r.send(in);
    }).compose(S3Proxy::answer);
  }

  public Future<Answer> delete(Session who, String bucket, String key) {
    return request(who, HttpMethod.DELETE, bucket, key).compose(HttpClientRequest::send).compose(S3Proxy::answer);
  }

  /** A gateway answer: status, ETag header, body text (error XML; bounded by the gateway). */
  public record Answer(int status, String etag, String body) {}

  private static Future<Answer> answer(HttpClientResponse resp) {
    return resp.body().map(b -> new Answer(resp.statusCode(), resp.getHeader("ETag"), b.length() > 8192 ? b.getString(0, 8192) : b.toString()));
  }

  private static void copy(MultiMap from, HttpServerResponse to, String... names) {
    for (String n : names) {
      String v = from.get(n);
      if (v != null) {
        to.putHeader(n, v);
      }
    }
  }

  /** The gateway's metrics text ({@code /_stowage/metrics}, unauthenticated like every role's /metrics). */
  public Future<String> metrics() {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/_stowage/metrics").setTimeout(2000))
        .compose(r -> r.putHeader("Host", hostHeader).send())
        .compose(resp -> resp.statusCode() == 200 ? resp.body().map(Object::toString)
            : Future.failedFuture("gateway metrics answered " + resp.statusCode()));
  }

  public Future<Void> close() {
    return client.close();
  }
}
