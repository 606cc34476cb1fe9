package io.stowage.s3.handler;

import io.stowage.common.client.IndexEntry;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ListMultipartUploads: uploads in progress, by key then upload ID, with prefix, key-marker,
 * upload-id-marker and max-uploads. Upload records are indexed by upload ID, so this reads at most
 * 1000 of them and sorts them (enough for the tools that call it to find and abort their uploads);
 * a delimiter is NotImplemented.
 */
public final class ListMultipartUploadsHandler implements S3Handler {
  private final Backend backend;

  public ListMultipartUploadsHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String bucketName = ctx.bucket();
    String prefix = ctx.params().get("prefix");
    String keyMarker = ctx.params().get("key-marker");
    String uploadIdMarker = ctx.params().get("upload-id-marker");
    int maxUploads;
    try {
      if (ctx.params().get("delimiter") != null) {
        throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: delimiter in ListMultipartUploads");
      }
      String m = ctx.params().get("max-uploads");
      maxUploads = m == null ? 1000 : Math.min(1000, Integer.parseInt(m));
      if (maxUploads < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      return Future.failedFuture(S3Exception.invalidArgument("Invalid max-uploads", "max-uploads",
          ctx.params().get("max-uploads")));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String owner = ctx.auth().accessKeyId();
    return backend.bucket(bucketName).compose(backend::indexServer)
        .compose(server -> backend.index().list(server, MultipartUploads.indexBucket(bucketName), "u/", null, 1000)
            .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(page -> {
          List<JsonObject> uploads = new ArrayList<>();
          for (IndexEntry e : page.entries()) {
            JsonObject u = e.entry();
            String key = u.getString("key");
            if (prefix != null && !key.startsWith(prefix)) {
              continue;
            }
            if (keyMarker != null && !keyMarker.isEmpty()) {
              int c = Listing.compareUtf8(key, keyMarker);
              if (c < 0 || (c == 0 && (uploadIdMarker == null || uploadIdMarker.isEmpty()
                  || u.getString("uploadId").compareTo(uploadIdMarker) <= 0))) {
                continue;
              }
            }
            uploads.add(u);
          }
          uploads.sort(Comparator.<JsonObject, String>comparing(u -> u.getString("key"), Listing::compareUtf8)
              .thenComparing(u -> u.getString("uploadId")));
          boolean truncated = uploads.size() > maxUploads;
          List<JsonObject> shown = uploads.subList(0, Math.min(maxUploads, uploads.size()));
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("ListMultipartUploadsResult", "xmlns", XmlWriter.S3_NAMESPACE)
              .element("Bucket", bucketName)
              .element("KeyMarker", keyMarker == null ? "" : keyMarker)
              .element("UploadIdMarker", uploadIdMarker == null ? "" : uploadIdMarker);
          if (truncated && !shown.isEmpty()) {
            JsonObject last = shown.get(shown.size() - 1);
            w.element("NextKeyMarker", last.getString("key")).element("NextUploadIdMarker", last.getString("uploadId"));
          }
          if (prefix != null) {
            w.element("Prefix", prefix);
          }
          w.element("MaxUploads", maxUploads).element("IsTruncated", truncated);
          for (JsonObject u : shown) {
            w.start("Upload").element("Key", u.getString("key")).element("UploadId", u.getString("uploadId"));
            w.start("Initiator").element("ID", owner).element("DisplayName", owner).end();
            w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
            w.element("StorageClass", "STANDARD")
                .element("Initiated", HttpDates.iso8601(u.getLong("initiated", 0L)))
                .end();
          }
          w.end();
          return ctx.sendXml(w);
        });
  }
}
