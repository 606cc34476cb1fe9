package io.stowage.s3.handler;

import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import java.util.Map;

/** ListParts: the parts uploaded so far, by part number, with part-number-marker and max-parts paging. */
public final class ListPartsHandler implements S3Handler {
  private final Backend backend;

  public ListPartsHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String key = ctx.key();
    String uploadId = ctx.params().get("uploadId");
    int marker;
    int maxParts;
    try {
      String m = ctx.params().get("part-number-marker");
      marker = m == null || m.isEmpty() ? 0 : Integer.parseInt(m);
      String mp = ctx.params().get("max-parts");
      maxParts = mp == null ? 1000 : Math.min(1000, Integer.parseInt(mp));
      if (marker < 0 || maxParts < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      return Future.failedFuture(S3Exception.invalidArgument("Invalid part-number-marker or max-parts",
          "part-number-marker", ctx.params().get("part-number-marker")));
    }
    String owner = ctx.auth().accessKeyId();
    return backend.bucket(bucketName).compose(backend::indexServer).compose(server ->
        MultipartUploads.upload(backend, server, bucketName, key, uploadId).compose(upload ->
            MultipartUploads.parts(backend, server, bucketName, uploadId, marker, maxParts))).compose(page -> {
              XmlWriter w = XmlWriter.withDeclaration();
              w.start("ListPartsResult", "xmlns", XmlWriter.S3_NAMESPACE)
                  .element("Bucket", bucketName).element("Key", key).element("UploadId", uploadId);
              w.start("Initiator").element("ID", owner).element("DisplayName", owner).end();
              w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
              w.element("StorageClass", "STANDARD");
              w.element("PartNumberMarker", marker);
              if (!page.getKey().isEmpty()) {
                w.element("NextPartNumberMarker", page.getKey().get(page.getKey().size() - 1).number());
              }
              w.element("MaxParts", maxParts);
              w.element("IsTruncated", page.getValue());
              for (MultipartUploads.Part p : page.getKey()) {
                w.start("Part").element("PartNumber", p.number())
                    .element("LastModified", HttpDates.iso8601(p.lastModified()))
                    .element("ETag", "\"" + p.etag() + "\"")
                    .element("Size", p.size());
                for (Map.Entry<String, String> c : p.checksums().entrySet()) {
                  w.element("Checksum" + c.getKey(), c.getValue());
                }
                w.end();
              }
              w.end();
              return ctx.sendXml(w);
            });
  }
}
