package io.stowage.s3.handler;

import io.stowage.common.client.StorageClient;
import io.stowage.common.client.StoreTarget;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
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
 * Streams a request body into a new file of a group (PutObject, UploadPart) — the bucket's home
 * group, or another one when that is full ({@link #target}): the store target is asked for, and
 * an in-process one checked for room, before the body is opened (so {@code 100 Continue} only goes
 * out when there is somewhere to write), then the decoded body is piped into the upload. A body
 * that fails after all its data reached the storage server (bad final chunk or trailer signature)
 * still lets the upload complete, so the file ID is learned and the file deleted here. Digests are
 * not yet verified: the caller verifies and, on failure, deletes the file.
 */
final class BodyStore {
  private static final long STALL_CHECK_MS = 2000;
  /** A body now on a storage server (fileId null for an empty body), not yet verified. */
  record Stored(String fileId, RequestBody body) {}

  private BodyStore() {}

  static Future<Stored> store(Backend backend, RequestContext ctx, String group) {
    long declared = declaredLength(ctx);
    if (declared == 0) {
      RequestBody body = ctx.openBody(backend.config().maxObjectSize(), true);
      return drain(body).map(v -> new Stored(null, body));
    }
    return storeTarget(backend, group, 2)
        .compose(target -> admitting(backend, group, target, declared))
        .compose(target -> upload(backend, ctx, target));
  }

  /**
   * The target, once known to take {@code length} bytes as far as can be told before sending them:
   * an in-process storage server checks its disk now, so a full one is answered with 503 before
   * {@code 100 Continue}, not with a reset in the middle of the body. A full home group spills over
   * as in {@link #target}.
   */
  private static Future<StoreTarget> admitting(Backend backend, String group, StoreTarget target, long length) {
    StorageClient storage = backend.storage();
    return storage.checkUpload(target, length).map(target)
        .recover(e -> group != null && ProtoException.codeOf(e) == ErrorCode.ENOSPC
            ? storeTarget(backend, null, 2).compose(other -> storage.checkUpload(other, length).map(other))
            : Future.failedFuture(e))
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)));
  }

  /**
   * QUERY_STORE, asked again (round robin moves on) while the tracker names a server this gateway
   * saw fail in the last seconds: the trackers keep a dead server until its heartbeat times out.
   */
  private static Future<StoreTarget> storeTarget(Backend backend, String group, int retries) {
    return target(backend, group)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)))
        .compose(t -> retries > 0 && backend.isSuspect(t.server()) ? storeTarget(backend, group, retries - 1)
            : Future.succeededFuture(t));
  }

  /**
   * Where the body goes: the bucket's home group, or, when that group takes no more files (ENOSPC:
   * full, or kept at its reserve), any group placement picks. The index entry stays in the home group
   * and names the file ID, whose group every read follows, so a bucket can outgrow its volume.
   */
  static Future<StoreTarget> target(Backend backend, String group) {
    TrackerClient trackers = backend.cluster().trackers();
    return trackers.queryStore(group).recover(e -> group != null && ProtoException.codeOf(e) == ErrorCode.ENOSPC
        ? trackers.queryStore(null)
        : Future.failedFuture(e));
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
    return uploadTo(backend, target, guarded, body, 1)
        .compose(id -> guarded.outcome.future().transform(ar -> ar.succeeded()
            ? Future.succeededFuture(new Stored(id.toString(), body))
            : backend.deleteFileQuietly(id.toString()).transform(x -> Future.<Stored>failedFuture(ar.cause()))));
  }

  /**
   * One upload; when the target could not be reached (refused, or it never answered the connection
   * proof: dead or hung) no body byte has been read yet, so it is safe to ask for another target.
   */
  private static Future<FileId> uploadTo(Backend backend, StoreTarget target, Guarded guarded, RequestBody body,
                                         int retries) {
    long watch = watchStall(backend, target, guarded, body);
    return backend.storage().upload(target, "", guarded, body.length(), false)
        .andThen(ar -> backend.vertx().cancelTimer(watch))
        .recover(e -> {
          boolean notConnected = e instanceof ProtoException p
              && (p.code() == ErrorCode.ECONNREFUSED || p.code() == ErrorCode.ETIMEDOUT);
          if (retries <= 0 || !notConnected || body.received() > 0) {
            return Future.failedFuture(e);
          }
          backend.suspect(target.server());
          return storeTarget(backend, target.group(), 2)
              .compose(next -> uploadTo(backend, next, guarded, body, retries - 1));
        });
  }

  /**
   * Every {@link #STALL_CHECK_MS}, while the body has not moved since the last check: when the
   * trackers now say the target is OFFLINE (silent for their heartbeat timeout: hung, e.g.
   * SIGSTOPped, or cut off), the upload is failed (503, which clients retry) instead of waiting
   * for the connection's idle timeout. A stall with the target still ACTIVE is left alone: a slow
   * client, or the target pacing on a slow peer (bounded by its replication_timeout).
   */
  private static long watchStall(Backend backend, StoreTarget target, Guarded guarded, RequestBody body) {
    long[] seen = {-1};
    return backend.vertx().setPeriodic(STALL_CHECK_MS, id -> {
      long now = body.received();
      boolean stalled = now == seen[0];
      seen[0] = now;
      if (stalled) {
        backend.isOffline(target.server()).onSuccess(offline -> {
          if (offline) {
            backend.vertx().cancelTimer(id);
            backend.suspect(target.server());
            guarded.abort(new ProtoException(ErrorCode.ETIMEDOUT, "storage server " + target.server()
                + " went OFFLINE while taking an upload"));
          }
        });
      }
    });
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

    /** Fails the upload's read of the body (its storage server stopped taking it). */
    void abort(Throwable e) {
      Handler<Throwable> h = exceptionHandler;
      if (!ended && h != null) {
        h.handle(e);
      }
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
