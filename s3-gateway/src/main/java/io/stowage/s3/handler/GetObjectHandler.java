package io.stowage.s3.handler;

import io.stowage.common.fileid.FileId;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

/**
 * GetObject: conditions, a single Range (open-ended and suffix too; 416 InvalidRange outside the
 * object), stored headers and metadata, then the bytes piped from a storage server straight into the
 * response with back-pressure. HeadObject is the same answer without the body.
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
    return backend.bucket(bucketName)
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
      resp.putHeader("Last-Modified", io.stowage.s3.http.HttpDates.rfc1123(entry.lastModified()));
      return resp.setStatusCode(304).end();
    }
    ByteRange range = ByteRange.parse(h.get("range"), entry.size());
    ObjectHeaders.write(resp, entry, ctx.params(), checksumMode && range == null);
    long offset = 0;
    long length = entry.size();
    if (range != null) {
      offset = range.start();
      length = range.length();
      resp.setStatusCode(206).putHeader("Content-Range", range.contentRange(entry.size()));
    } else {
      resp.setStatusCode(200);
    }
    resp.putHeader("Content-Length", Long.toString(length));
    if (head || length == 0 || entry.fileId() == null) {
      return resp.end();
    }
    FileId id = FileId.parse(entry.fileId());
    long off = offset;
    long len = length;
    return backend.activeServer(id.group())
        .compose(server -> backend.storage().download(server, id, off, len, resp))
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
        .compose(n -> resp.end());
  }
}
