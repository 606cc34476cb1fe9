package io.stowage.s3.handler;

import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * UploadPartCopy: part N of an upload copied from (a range of) an existing object,
 * {@code x-amz-copy-source} and optional {@code x-amz-copy-source-range: bytes=a-b}, streamed from the
 * source's storage servers (or, for a source stored inline, from its index entry) into a new file of
 * the destination's home group. A part replaced by this one has its file removed.
 */
public final class UploadPartCopyHandler implements S3Handler {
  private final Backend backend;

  public UploadPartCopyHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    MultiMap h = ctx.request().headers();
    String bucketName = ctx.bucket();
    String key = ctx.key();
    String uploadId = ctx.params().get("uploadId");
    CopyObjectHandler.Source src;
    int number;
    try {
      number = MultipartUploads.partNumber(ctx.params().get("partNumber"));
      src = CopyObjectHandler.parseSource(h.get("x-amz-copy-source"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String indexBucket = MultipartUploads.indexBucket(bucketName);
    String partKey = MultipartUploads.partKey(uploadId, number);
    return backend.bucket(bucketName).compose(bucket -> backend.indexServer(bucket).compose(server ->
        MultipartUploads.upload(backend, server, bucketName, key, uploadId).compose(upload ->
            backend.bucket(src.bucket()).compose(backend::indexServer)
                .compose(srcServer -> backend.entry(srcServer, src.bucket(), src.key()))
                .compose(source -> {
                  Conditions.checkCopySource(h, source);
                  long[] range = range(h.get("x-amz-copy-source-range"), source.size());
                  return CopyObjectHandler.copyRange(backend, source, range[0], range[1], bucket.homeGroup())
                      .compose(copied -> {
                        MultipartUploads.Part part = new MultipartUploads.Part(number, copied.fileId(),
                            range[1], copied.md5(), System.currentTimeMillis(), Map.of());
                        // the index answers the part this one replaced (read under the key's lock)
                        return backend.index().putReplacing(server, indexBucket, partKey, part.toJson(), null)
                            .recover(e -> backend.deleteFileUnlessIndexed(copied.fileId(), e).transform(ar ->
                                Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
                            .compose(replaced -> {
                              String oldFile = replaced == null ? null : MultipartUploads.Part.fromJson(replaced).fileId();
                              if (oldFile != null && !oldFile.equals(part.fileId())) {
                                backend.deleteFileQuietly(oldFile);
                              }
                              XmlWriter w = XmlWriter.withDeclaration();
                              w.start("CopyPartResult", "xmlns", XmlWriter.S3_NAMESPACE)
                                  .element("LastModified", HttpDates.iso8601(part.lastModified()))
                                  .element("ETag", "\"" + part.etag() + "\"")
                                  .end();
                              return ctx.sendXml(w);
                            });
                      });
                }))));
  }

  /** {offset, length} of {@code bytes=a-b} (both required, inside the source), or the whole source. */
  static long[] range(String header, long size) {
    if (header == null) {
      return new long[] {0, size};
    }
    String h = header.strip();
    int dash = h.indexOf('-');
    try {
      if (h.startsWith("bytes=") && dash > 6) {
        long a = Long.parseLong(h.substring(6, dash));
        long b = Long.parseLong(h.substring(dash + 1));
        if (a >= 0 && b >= a && b < size) {
          return new long[] {a, b - a + 1};
        }
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw S3Exception.invalidArgument("Range specified is not valid for source object of size: " + size,
        "x-amz-copy-source-range", header);
  }
}
