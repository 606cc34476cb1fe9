package io.stowage.s3.handler;

import io.stowage.common.runtime.CorkedSend;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

/**
 * GetObject: conditions, a single Range (open-ended and suffix too; 416 InvalidRange outside the
 * object), stored headers and metadata, then the bytes: sent zero-copy from disk when a storage server
 * in this JVM holds the file and is ACTIVE (short-circuit local read), else piped from a storage
 * server into the response with back-pressure. HeadObject is the same answer without the body.
 */
public class GetObjectHandler implements S3Handler {
  private final Backend backend;
  private final boolean head;

  public GetObjectHandler(Backend backend) {
    this(backend, false);
  }

  GetObjectHandler(Backend backend, boolean head) {
    this.backend = backend;
    this.head = head;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    return backend.objectBucket(bucketName)
        .compose(backend::indexServer)
        .compose(server -> backend.entry(server, bucketName, key))
        .compose(entry -> answer(ctx, entry));
  }

  private Future<Void> answer(RequestContext ctx, ObjectEntry entry) {
    MultiMap h = ctx.request().headers();
    HttpServerResponse resp = ctx.response();
    boolean checksumMode = "ENABLED".equalsIgnoreCase(h.get("x-amz-checksum-mode"));
    if (Conditions.notModified(h, entry)) {
      resp.putHeader("ETag", entry.quotedEtag());
      resp.putHeader("Last-Modified", HttpDates.rfc1123(entry.lastModified()));
      return resp.setStatusCode(304).end();
    }
    String partParam = ctx.params().get("partNumber");
    ByteRange range = partParam != null ? partRange(entry, partParam, h.get("range"), resp)
        : ByteRange.parse(h.get("range"), entry.size());
    ObjectHeaders.write(resp, entry, ctx.params(), checksumMode && range == null);
    long offset = 0;
    long length = entry.size();
    if (range != null && range.length() > 0) {
      offset = range.start();
      length = range.length();
      resp.setStatusCode(206).putHeader("Content-Range", range.contentRange(entry.size()));
    } else if (range != null) {
      length = 0;
      resp.setStatusCode(206);
    } else {
      resp.setStatusCode(200);
    }
    resp.putHeader("Content-Length", Long.toString(length));
    if (head || length == 0) {
      return resp.end();
    }
    long off = offset;
    long len = length;
    return backend.localRead(entry, offset, length).compose(local -> local == null
        ? streamed(entry, off, len, resp) : sendLocal(ctx, local, entry, off, len, resp));
  }

  private Future<Void> streamed(ObjectEntry entry, long offset, long length, HttpServerResponse resp) {
    if (entry.isInline()) {
      // the whole body is in hand: head and body go out as one full response, encoded and written once
      return InlineBytes.slice(entry, offset, length).compose(resp::end);
    }
    return backend.download(entry, offset, length, resp).compose(v -> resp.end());
  }

  /**
   * Zero-copy from the local storage server's file. When the file cannot be opened (e.g. deleted
   * since the lookup) nothing has been sent yet, so the streamed path answers instead.
   */
  private Future<Void> sendLocal(RequestContext ctx, LocalRead local, ObjectEntry entry, long offset, long length,
                                 HttpServerResponse resp) {
    Future<Void> sent = CorkedSend.http(ctx.request().connection(), local.length(),
        () -> resp.sendFile(local.path().toString(), local.offset(), local.length()));
    if (!sent.failed()) {
      backend.countLocalRead(); // counted when sending starts (a file that cannot be opened fails at once)
    }
    return sent.recover(err -> resp.headWritten() ? Future.failedFuture(err) : streamed(entry, offset, length, resp));
  }

  /**
   * The byte range of part N ({@code ?partNumber=N}): a part of a multipart object, or the whole of
   * any other object for part 1. Sets {@code x-amz-mp-parts-count} for multipart objects.
   */
  static ByteRange partRange(ObjectEntry entry, String param, String rangeHeader,
                             HttpServerResponse resp) {
    if (rangeHeader != null) {
      throw S3Exception.of(S3Error.INVALID_REQUEST,
          "Cannot specify both Range header and partNumber query parameter");
    }
    int n = MultipartUploads.partNumber(param);
    if (!entry.isMultipart()) {
      if (n != 1) {
        throw S3Exception.of(S3Error.INVALID_RANGE,
            "The requested partnumber is not satisfiable").withDetail("PartNumberRequested", param)
            .withDetail("ActualPartCount", "1");
      }
      return null;
    }
    if (n > entry.parts().size()) {
      throw S3Exception.of(S3Error.INVALID_RANGE,
          "The requested partnumber is not satisfiable").withDetail("PartNumberRequested", param)
          .withDetail("ActualPartCount", Integer.toString(entry.parts().size()));
    }
    long start = 0;
    for (int i = 0; i < n - 1; i++) {
      start += entry.parts().get(i).size();
    }
    resp.putHeader("x-amz-mp-parts-count", Integer.toString(entry.parts().size()));
    return new ByteRange(start, entry.parts().get(n - 1).size());
  }
}
