package io.stowage.s3.http;

import io.stowage.s3.auth.AuthResult;
import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * One request on its way through the gateway: the Vert.x request (paused until a handler opens
 * its body), its ID, route and authentication. Passed explicitly to every handler; nothing about a
 * request lives in static or thread-local state.
 */
public final class RequestContext {
  private final HttpServerRequest request;
  private final String requestId;
  private final long startNanos;
  private final GatewayConfig config;
  private RoutedRequest route;
  private AuthResult auth;
  private List<String> grants = List.of();
  private RequestBody body;

  RequestContext(HttpServerRequest request, String requestId, long startNanos, GatewayConfig config) {
    this.request = request;
    this.requestId = requestId;
    this.startNanos = startNanos;
    this.config = config;
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return request.response();
  }

  public String requestId() {
    return requestId;
  }

  public long startNanos() {
    return startNanos;
  }

  public GatewayConfig config() {
    return config;
  }

  public RoutedRequest route() {
    return route;
  }

  void route(RoutedRequest r) {
    route = r;
  }

  public AuthResult auth() {
    return auth;
  }

  void auth(AuthResult a) {
    auth = a;
  }

  /** The grants of the request's credential (see {@link Authorizer}). */
  public List<String> grants() {
    return grants;
  }

  void grants(List<String> g) {
    grants = g;
  }

  public S3Operation operation() {
    return route == null ? null : route.operation();
  }

  public String bucket() {
    return route == null ? null : route.bucket();
  }

  public String key() {
    return route == null ? null : route.key();
  }

  public QueryParams params() {
    return route.params();
  }

  public String header(String name) {
    return request.getHeader(name);
  }

  public boolean isHead() {
    return request.method() == HttpMethod.HEAD;
  }

  /** Decoded body bytes read so far (0 when the body was never opened). */
  long bodyBytes() {
    return body == null ? 0 : body.received();
  }

  /** True when the request declares a body (a length above 0 or chunked transfer encoding). */
  boolean declaresBody() {
    String te = request.getHeader("transfer-encoding");
    if (te != null) {
      return true;
    }
    String cl = request.getHeader("content-length");
    return cl != null && !cl.strip().equals("0");
  }

  /** True when a declared body has not been read to its end (the connection must then be closed). */
  boolean bodyPending() {
    return declaresBody() && (body == null || !body.ended()) && !request.isEnded();
  }

  /**
   * Opens the (decoded) body as a stream; answers {@code 100 Continue} first when the client asked
   * for it, so an authenticated, accepted request is the only one whose body is sent.
   *
   * @param required PUT-style: a missing length is MissingContentLength
   */
  public RequestBody openBody(long maxLength, boolean required) {
    if (body != null) {
      throw new IllegalStateException("body already opened");
    }
    body = RequestBody.open(request, auth, maxLength, required);
    String expect = request.getHeader("expect");
    // also for zero-length bodies: botocore misreads the next response on the connection when a
    // request that asked for 100 Continue gets its final answer without one
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      response().writeContinue();
    }
    return body;
  }

  /** Reads and verifies a small body (XML documents) completely; larger than {@code max} fails with {@code tooLarge}. */
  public Future<Buffer> readSmallBody(int max, S3Error tooLarge) {
    RequestBody b;
    try {
      b = openBody(max, false);
    } catch (S3Exception e) {
      if (e.error() == S3Error.ENTITY_TOO_LARGE) {
        return Future.failedFuture(S3Exception.of(tooLarge));
      }
      return Future.failedFuture(e);
    }
    Promise<Buffer> p = Promise.promise();
    Buffer all = Buffer.buffer();
    b.handler(all::appendBuffer);
    b.exceptionHandler(p::tryFail);
    b.endHandler(v -> {
      try {
        b.verify();
        p.tryComplete(all);
      } catch (RuntimeException e) {
        p.tryFail(e);
      }
    });
    b.resume();
    return p.future();
  }

  /** Sends an XML document with status 200. */
  public Future<Void> sendXml(XmlWriter xml) {
    return response().setStatusCode(200).putHeader("Content-Type", "application/xml").end(xml.toBuffer());
  }

  /** Ends with a status and no body. */
  public Future<Void> sendEmpty(int status) {
    return response().setStatusCode(status).end();
  }
}
