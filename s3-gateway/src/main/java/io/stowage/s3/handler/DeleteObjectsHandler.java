package io.stowage.s3.handler;

import io.stowage.common.config.HostPort;
import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.DeleteObjectsRequest;
import io.stowage.s3.xml.DeleteObjectsRequest.ObjectToDelete;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;

/**
 * DeleteObjects: up to 1000 keys, quiet mode; the body must carry Content-MD5 or an
 * {@code x-amz-checksum-*} (verified when the body is read). Keys are deleted one after another; a
 * key that fails is reported in an {@code <Error>} element, the others still go.
 */
public final class DeleteObjectsHandler implements S3Handler {
  /** The XML of 1000 keys of 1024 bytes each, escaped, stays below this. */
  static final int MAX_BODY = 8 << 20;

  private final Backend backend;

  public DeleteObjectsHandler(Backend backend) {
    this.backend = backend;
  }

  private record Outcome(String key, S3Exception error) {}

  @Override
  public Future<Void> handle(RequestContext ctx) {
    MultiMap h = ctx.request().headers();
    if (!hasIntegrityHeader(h)) {
      return Future.failedFuture(S3Exception.of(S3Error.INVALID_REQUEST,
          "Missing required header for this request: Content-MD5"));
    }
    String bucketName = ctx.bucket();
    return backend.bucket(bucketName).compose(bucket -> ctx.readSmallBody(MAX_BODY, S3Error.MALFORMED_XML)
        .compose(body -> {
          DeleteObjectsRequest req = DeleteObjectsRequest.parse(body.getBytes());
          return backend.indexServer(bucket).compose(server -> deleteAll(server, bucketName, req.objects(), 0,
              new ArrayList<>())).compose(outcomes -> ctx.sendXml(render(outcomes, req.quiet())));
        }));
  }

  private static boolean hasIntegrityHeader(MultiMap h) {
    if (h.contains("content-md5")) {
      return true;
    }
    for (String n : h.names()) {
      if (ChecksumAlgorithm.fromHeaderName(n) != null) {
        return true;
      }
    }
    String trailer = h.get("x-amz-trailer");
    return trailer != null && ChecksumAlgorithm.fromHeaderName(trailer.strip()) != null;
  }

  private Future<List<Outcome>> deleteAll(HostPort server, String bucket, List<ObjectToDelete> objects, int i,
                                          List<Outcome> out) {
    if (i == objects.size()) {
      return Future.succeededFuture(out);
    }
    String key = objects.get(i).key();
    Future<Void> one;
    try {
      ObjectHeaders.checkKey(key);
      one = key.isEmpty() ? Future.failedFuture(S3Exception.of(S3Error.INVALID_ARGUMENT, "Key cannot be empty"))
          : DeleteObjectHandler.delete(backend, server, bucket, key);
    } catch (RuntimeException e) {
      one = Future.failedFuture(e);
    }
    return one.transform(ar -> {
      out.add(new Outcome(key, ar.failed() ? ErrorMapper.toS3(ar.cause(), S3Error.INTERNAL_ERROR) : null));
      return deleteAll(server, bucket, objects, i + 1, out);
    });
  }

  private static XmlWriter render(List<Outcome> outcomes, boolean quiet) {
    XmlWriter w = XmlWriter.withDeclaration();
    w.start("DeleteResult", "xmlns", XmlWriter.S3_NAMESPACE);
    for (Outcome o : outcomes) {
      if (o.error == null) {
        if (!quiet) {
          w.start("Deleted").element("Key", o.key).end();
        }
      } else {
        w.start("Error").element("Key", o.key).element("Code", o.error.code())
            .element("Message", o.error.getMessage()).end();
      }
    }
    w.end();
    return w;
  }
}
