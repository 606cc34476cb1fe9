package io.stowage.s3.handler;

import io.stowage.s3.http.RequestBody;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * The body of a small PUT, read into memory to be stored inline in the index entry. Only a body
 * whose decoded length the client declared up front (Content-Length, or
 * x-amz-decoded-content-length for aws-chunked) and that is at most {@code inline_max_size} is read
 * this way, so memory per request stays bounded by the threshold. The body's digests are not yet
 * verified: the caller verifies before committing.
 */
final class InlineBody {
  /** The bytes read and the body they came from (for its digests and checks). */
  record Read(byte[] data, RequestBody body) {}

  private InlineBody() {}

  /** Whether the request's declared decoded length is 1..{@code max} bytes (false when unknown or max is 0). */
  static boolean fits(RequestContext ctx, int max) {
    if (max <= 0) {
      return false;
    }
    MultiMap h = ctx.request().headers();
    String v = ctx.auth().payloadMode().isStreaming() ? h.get("x-amz-decoded-content-length") : h.get("content-length");
    if (v == null) {
      return false;
    }
    try {
      long n = Long.parseLong(v.strip());
      return n > 0 && n <= max;
    } catch (NumberFormatException e) {
      return false; // the normal path reports the bad header
    }
  }

  /** Opens and reads the whole body (its declared length was checked by {@link #fits}). */
  static Future<Read> read(RequestContext ctx, long maxObjectSize) {
    RequestBody body = ctx.openBody(maxObjectSize, true);
    Buffer all = Buffer.buffer((int) body.length());
    Promise<Read> p = Promise.promise();
    body.handler(all::appendBuffer);
    body.exceptionHandler(p::tryFail);
    body.endHandler(v -> p.tryComplete(new Read(all.getBytes(), body)));
    body.resume();
    return p.future();
  }
}
