package io.stowage.s3.handler;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;

/**
 * ListObjectVersions before versioning exists: every object is its only version, {@code null},
 * and the latest. Same paging as ListObjects (key-marker; a version-id-marker other than
 * {@code null} is InvalidArgument).
 */
public final class ListObjectVersionsHandler implements S3Handler {
  private final Backend backend;

  public ListObjectVersionsHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    QueryParams p = ctx.params();
    String bucketName = ctx.bucket();
    String prefix = p.get("prefix");
    String delimiter = p.get("delimiter");
    String keyMarker = p.get("key-marker");
    String versionIdMarker = p.get("version-id-marker");
    int maxKeys;
    boolean url;
    try {
      maxKeys = Listing.maxKeys(p);
      url = Listing.urlEncoding(p);
      if (versionIdMarker != null && !versionIdMarker.isEmpty() && !versionIdMarker.equals("null")) {
        throw S3Exception.invalidArgument("Invalid version id specified", "version-id-marker", versionIdMarker);
      }
      if (versionIdMarker != null && !versionIdMarker.isEmpty() && (keyMarker == null || keyMarker.isEmpty())) {
        throw S3Exception.of(S3Error.INVALID_ARGUMENT,
            "A version-id marker cannot be specified without a key marker.");
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String owner = ctx.auth().accessKeyId();
    return backend.bucket(bucketName).compose(backend::indexServer)
        .compose(server -> Listing.list(backend.index(), server, bucketName, prefix, delimiter, keyMarker, maxKeys))
        .compose(page -> {
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("ListVersionsResult", "xmlns", XmlWriter.S3_NAMESPACE);
          w.element("Name", bucketName);
          w.element("Prefix", Listing.out(prefix == null ? "" : prefix, url));
          w.element("KeyMarker", Listing.out(keyMarker == null ? "" : keyMarker, url));
          w.element("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker);
          if (page.truncated()) {
            w.element("NextKeyMarker", Listing.out(page.lastItem(), url));
            w.element("NextVersionIdMarker", "null");
          }
          w.element("MaxKeys", maxKeys);
          if (delimiter != null) {
            w.element("Delimiter", Listing.out(delimiter, url));
          }
          if (url) {
            w.element("EncodingType", "url");
          }
          w.element("IsTruncated", page.truncated());
          for (Listing.Item item : page.contents()) {
            ObjectEntry e = item.entry();
            w.start("Version")
                .element("Key", Listing.out(item.key(), url))
                .element("VersionId", "null")
                .element("IsLatest", true)
                .element("LastModified", HttpDates.iso8601(e.lastModified()))
                .element("ETag", e.quotedEtag())
                .element("Size", e.size())
                .start("Owner").element("ID", owner).element("DisplayName", owner).end()
                .element("StorageClass", "STANDARD")
                .end();
          }
          for (String cp : page.prefixes()) {
            w.start("CommonPrefixes").element("Prefix", Listing.out(cp, url)).end();
          }
          w.end();
          return ctx.sendXml(w);
        });
  }
}
