package io.stowage.s3.handler;

import io.stowage.common.client.StoreTarget;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestBody;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Streams a request body into a new file of a group (PutObject, UploadPart): the store target is
 * asked for before the body is opened (so {@code 100 Continue} only goes out when there is
 * somewhere to write), then the decoded body is piped into the upload. A body that fails after all
 * its data reached the storage server (bad final chunk or trailer signature) still lets the upload
 * complete, so the file ID is learned and the file deleted here. Digests are not yet verified: the
 * caller verifies and, on failure, deletes the file.
 */
final class BodyStore {
  /** A body now on a storage server (fileId null for an empty body), not yet verified. */
  record Stored(String fileId, RequestBody body) {}

  private BodyStore() {}

  static Future<Stored> store(Backend backend, RequestContext ctx, String group) {
    long declared = declaredLength(ctx);
    if (declared == 0) {
      RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
      return drain(body).map(v -> new Stored(null, body));
    }
    return backend.cluster().trackers().queryStore(group)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)))
        .compose(target -> upload(backend, ctx, target));
  }

  private static Future<Stored> upload(Backend backend, RequestContext ctx, StoreTarget target) {
    RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
    if (body.length() == 0) {
      return drain(body).map(v -> new Stored(null, body));
    }
    // The storage server keeps the file once it has received all body.length() bytes, whatever
    // happens to the request afterwards (a bad final chunk signature, a bad trailer signature,
    // missing trailers): such a late failure must not abort the upload, or its file ID would never
    // be learned and the file would be orphaned. So the storage side sees the end as soon as the
    // body is complete or failed late; the file ID is then known and the file removed on failure.
    Guarded guarded = new Guarded(body);
    return backend.storage().upload(target, "", guarded, body.length(), false)
        .compose(id -> guarded.outcome.future().transform(ar -> ar.succeeded()
            ? Future.succeededFuture(new Stored(id.toString(), body))
            : backend.deleteFileQuietly(id.toString()).transform(x -> Future.<Stored>failedFuture(ar.cause()))));
  }

  /**
   * The body as the storage upload reads it: a failure before all data was delivered fails the
   * upload (interrupted, the storage server discards it); a failure after that ends it normally and
   * is kept in {@link #outcome} for the caller.
   */
  static final class Guarded implements ReadStream<Buffer> {
    private final RequestBody body;
    final Promise<Void> outcome = Promise.promise();
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean ended;

    Guarded(RequestBody body) {
      this.body = body;
      body.endHandler(v -> {
        outcome.tryComplete();
        end();
      });
      body.exceptionHandler(e -> {
        outcome.tryFail(e);
        if (body.received() >= body.length()) {
          end();
        } else {
          Handler<Throwable> h = exceptionHandler;
          if (h != null) {
            h.handle(e);
          }
        }
      });
    }

    private void end() {
      if (ended) {
        return;
      }
      ended = true;
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(null);
      }
    }

    @Override
    public Guarded exceptionHandler(Handler<Throwable> h) {
      exceptionHandler = h;
      return this;
    }

    @Override
    public Guarded handler(Handler<Buffer> h) {
      body.handler(h);
      return this;
    }

    @Override
    public Guarded pause() {
      body.pause();
      return this;
    }

    @Override
    public Guarded resume() {
      body.resume();
      return this;
    }

    @Override
    public Guarded fetch(long amount) {
      body.fetch(amount);
      return this;
    }

    @Override
    public Guarded endHandler(Handler<Void> h) {
      endHandler = h;
      return this;
    }
  }

  /** The length the client declared, -1 when unknown; only used to skip the placement query for empty bodies. */
  private static long declaredLength(RequestContext ctx) {
    MultiMap h = ctx.request().headers();
    String v = h.get("x-amz-decoded-content-length");
    if (v == null) {
      v = h.get("content-length");
    }
    try {
      return v == null ? -1 : Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reads a body to its end without storing it (an empty object still has framing and trailers to check). */
  static Future<Void> drain(RequestBody body) {
    Promise<Void> p = Promise.promise();
    body.handler(b -> { });
    body.exceptionHandler(p::tryFail);
    body.endHandler(v -> p.tryComplete());
    body.resume();
    return p.future();
  }
}
