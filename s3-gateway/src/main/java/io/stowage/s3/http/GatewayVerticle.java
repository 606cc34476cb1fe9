package io.stowage.s3.http;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.LocalStorage;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.s3.handler.BucketCache;
import io.stowage.common.metrics.Counter;
import io.stowage.common.metrics.MetricsRegistry;
import io.stowage.common.metrics.MonitoringEndpoints;
import io.stowage.common.metrics.S3Metrics;
import io.stowage.s3.auth.AwsUriEncoding;
import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.auth.RequestAuthenticator;
import io.stowage.s3.auth.SigningKeyCache;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3ErrorXml;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.handler.Backend;
import io.stowage.s3.handler.Handlers;
import io.stowage.s3.handler.S3Handler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server instance on one event loop, with its own connection pools and caches (the core
 * clients are not thread-safe, so each event loop gets its own). Every request is paused, routed,
 * authenticated at the single choke point, handed to the operation's handler, and, on any failure,
 * rendered by {@link #fail} as the AWS error XML.
 */
final class GatewayVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("io.stowage.s3.access");

  private final GatewayConfig config;
  private final int port;
  private final SigningKeyCache keyCache;
  private final S3Router router;
  private final long idPrefix;
  private long idCounter;
  private final DateHeader dateHeader = new DateHeader();
  private FdfsClientPool pool;
  private GatewayAuthenticator authenticator;
  private Map<S3Operation, S3Handler> handlers;
  private HttpServer server;
  private final MetricsRegistry metrics;
  private final S3Metrics s3Metrics;
  private MonitoringEndpoints monitoring;
  private final LocalStorage localStorage;
  private final Counter localReads;
  private final BucketCache buckets;

  GatewayVerticle(GatewayConfig config, int port, SigningKeyCache keyCache, MetricsRegistry metrics,
                  S3Metrics s3Metrics, LocalStorage localStorage, Counter localReads, BucketCache buckets) {
    this.buckets = buckets;
    this.config = config;
    this.localStorage = localStorage;
    this.localReads = localReads;
    this.port = port;
    this.keyCache = keyCache;
    this.metrics = metrics;
    this.s3Metrics = s3Metrics;
    this.router = new S3Router(config.baseDomains());
    this.idPrefix = new SecureRandom().nextInt() & 0xffffffffL;
  }

  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    pool = new FdfsClientPool(vertx, config.clusterSecret(), 16);
    TrackerClient trackers = new TrackerClient(pool, config.trackers());
    ClusterClient cluster = new ClusterClient(trackers);
    Backend backend = new Backend(vertx, config, cluster, new IndexClient(pool, localStorage), new StorageClient(pool, localStorage),
        localStorage, localReads, buckets);
    // Any region in the credential scope is accepted (it is still part of what is signed), so clients
    // configured with another region work with nothing changed but the endpoint.
    authenticator = new GatewayAuthenticator(new RequestAuthenticator(keyCache, null, config.maxClockSkew()),
        new CredentialCache(cluster, config.credentialCacheTtl()), config.rootAccessKey(),
        new PublicReadBuckets(trackers, config.credentialCacheTtl()));
    handlers = Handlers.create(backend);
    monitoring = new MonitoringEndpoints(metrics, "/_stowage", backend::ready);
    HttpServerOptions options = new HttpServerOptions()
        .setHandle100ContinueAutomatically(false)
        // HTTP/1.1 only: no h2c upgrade (S3 clients speak HTTP/1.1; request handling relies on its semantics).
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        // no WebSocket endpoints: without these Vert.x adds an extension handler every request passes through
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxInitialLineLength(16 * 1024)
        .setMaxHeaderSize(32 * 1024)
        .setTcpNoDelay(true)
        .setIdleTimeout(300);
    server = vertx.createHttpServer(options).requestHandler(this::onRequest);
    return server.listen(port, config.bindAddr());
  }

  @Override
  public Future<?> stop() {
    return server.close().eventually(() -> pool.close());
  }

  /** 16 upper-case hex digits: this verticle's random prefix, then its counter (no formatter, no SecureRandom per request). */
  private String nextRequestId() {
    return RequestIds.format(idPrefix, (idCounter++) & 0xffffffffL);
  }

  private void onRequest(HttpServerRequest req) {
    if (monitoring.handle(req)) {
      return;
    }
    req.pause();
    s3Metrics.started();
    RequestContext ctx = new RequestContext(req, nextRequestId(), System.nanoTime(), config);
    HttpServerResponse resp = req.response();
    resp.putHeader("x-amz-request-id", ctx.requestId())
        .putHeader("Date", dateHeader.now())
        .putHeader("Server", "Stowage");
    boolean[] logged = new boolean[1];
    resp.endHandler(v -> {
      accessLog(ctx, logged);
      if (!req.isEnded()) {
        if (ctx.bodyPending()) {
          // A body nobody read is still on the wire: the connection cannot carry another request.
          req.connection().close();
        } else {
          req.resume();
        }
      }
    });
    resp.closeHandler(v -> accessLog(ctx, logged));
    Future<Void> done;
    try {
      RoutedRequest route = router.route(req.method().name(), req.getHeader("host"), req.path(),
          QueryParams.parse(req.query()), req.getHeader("x-amz-copy-source") != null);
      ctx.route(route);
      done = authenticator.authenticate(req, route).compose(auth -> {
        ctx.auth(auth.result());
        ctx.grants(auth.grants());
        if (route.rejection() != null) {
          return Future.failedFuture(route.rejection());
        }
        Authorizer.check(auth.grants(), route.operation(), route.bucket(), copySourceBucket(req, route));
        return handlers.get(route.operation()).handle(ctx);
      });
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else if (!resp.ended()) {
        fail(ctx, new IllegalStateException("handler of " + ctx.operation() + " completed without answering"));
      }
    });
  }

  /** The source bucket of a CopyObject or UploadPartCopy (authorization needs read access to it), else null. */
  private static String copySourceBucket(HttpServerRequest req, RoutedRequest route) {
    if (route.operation() != S3Operation.COPY_OBJECT && route.operation() != S3Operation.UPLOAD_PART_COPY) {
      return null;
    }
    String raw = req.getHeader("x-amz-copy-source");
    String decoded = AwsUriEncoding.decode(raw.strip(), false);
    if (decoded.startsWith("/")) {
      decoded = decoded.substring(1);
    }
    int slash = decoded.indexOf('/');
    return slash > 0 ? decoded.substring(0, slash) : decoded;
  }

  /** The one failure handler: the AWS error XML with the request ID; 5xx logged at ERROR with the cause. */
  private void fail(RequestContext ctx, Throwable t) {
    S3Exception e = ErrorMapper.toS3(t);
    String op = ctx.operation() == null ? "-" : ctx.operation().awsName();
    if (e.error() == S3Error.SERVICE_UNAVAILABLE || e.error() == S3Error.SLOW_DOWN) {
      // a state the cluster is in (a full disk, no writable member, overload), not a bug: one line
      // per request, no stack trace, or a full disk under load buries the log in identical traces
      LOG.warn("{} bucket={} key={} request={} refused ({}): {}", op, ctx.bucket(), ctx.key(), ctx.requestId(),
          e.error().code(), String.valueOf(e.getCause() != null ? e.getCause() : t));
    } else if (e.error().isServerError() && e.error() != S3Error.NOT_IMPLEMENTED) {
      LOG.error("{} bucket={} key={} request={} failed: {}", op, ctx.bucket(), ctx.key(), ctx.requestId(),
          e.getMessage(), t);
    } else {
      LOG.debug("{} bucket={} request={}: {}", op, ctx.bucket(), ctx.requestId(), e.toString());
    }
    HttpServerResponse resp = ctx.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    if (resp.headWritten()) {
      // Headers (and maybe part of the body) are out: the only honest signal left is to abort.
      resp.reset();
      return;
    }
    resp.headers().clear();
    resp.putHeader("x-amz-request-id", ctx.requestId())
        .putHeader("Date", dateHeader.now())
        .putHeader("Server", "Stowage");
    boolean closeAfter = ctx.bodyPending();
    if (closeAfter) {
      resp.putHeader("Connection", "close");
    }
    resp.setStatusCode(e.httpStatus());
    Future<Void> sent;
    if (ctx.isHead() || e.httpStatus() == 304) {
      sent = resp.end();
    } else {
      resp.putHeader("Content-Type", "application/xml");
      sent = resp.end(S3ErrorXml.render(e, ctx.request().path(), ctx.requestId()));
    }
    if (closeAfter) {
      sent.onComplete(v -> ctx.request().connection().close());
    }
  }

  private void accessLog(RequestContext ctx, boolean[] logged) {
    if (logged[0]) {
      return;
    }
    logged[0] = true;
    HttpServerResponse resp = ctx.response();
    long elapsed = System.nanoTime() - ctx.startNanos();
    s3Metrics.record(ctx.operation() == null ? "Unrouted" : ctx.operation().awsName(),
        resp.headWritten() ? resp.getStatusCode() : 499, elapsed, ctx.bodyBytes(), resp.bytesWritten());
    s3Metrics.finished();
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    long ms = elapsed / 1_000_000;
    String auth = ctx.auth() == null ? "-" : ctx.auth().type() + "/" + ctx.auth().payloadMode();
    ACCESS.info("{} {} bucket={} status={} bytes={} in={} ms={} auth={} request={}{}",
        ctx.request().method().name(), ctx.operation() == null ? "-" : ctx.operation().awsName(),
        ctx.bucket() == null ? "-" : ctx.bucket(), resp.headWritten() ? resp.getStatusCode() : 0, resp.bytesWritten(),
        ctx.bodyBytes(), ms,
        auth, ctx.requestId(), resp.ended() ? "" : " aborted");
  }
}
