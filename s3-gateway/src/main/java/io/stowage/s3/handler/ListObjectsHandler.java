package io.stowage.s3.handler;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;

/** ListObjects (v1): prefix, delimiter/CommonPrefixes, marker, max-keys, encoding-type=url, NextMarker. */
public final class ListObjectsHandler implements S3Handler {
  private final Backend backend;

  public ListObjectsHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    QueryParams p = ctx.params();
    String bucketName = ctx.bucket();
    String prefix = p.get("prefix");
    String delimiter = p.get("delimiter");
    String marker = p.get("marker");
    int maxKeys;
    boolean url;
    try {
      maxKeys = Listing.maxKeys(p);
      url = Listing.urlEncoding(p);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String owner = ctx.auth().accessKeyId();
    return backend.bucket(bucketName).compose(backend::indexServer)
        .compose(server -> Listing.list(backend.index(), server, bucketName, prefix, delimiter, marker, maxKeys))
        .compose(page -> {
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("ListBucketResult", "xmlns", XmlWriter.S3_NAMESPACE);
          w.element("Name", bucketName);
          w.element("Prefix", Listing.out(prefix == null ? "" : prefix, url));
          w.element("Marker", Listing.out(marker == null ? "" : marker, url));
          if (page.truncated()) {
            w.element("NextMarker", Listing.out(page.lastItem(), url));
          }
          w.element("MaxKeys", maxKeys);
          if (delimiter != null) {
            w.element("Delimiter", Listing.out(delimiter, url));
          }
          if (url) {
            w.element("EncodingType", "url");
          }
          w.element("IsTruncated", page.truncated());
          Listing.writeEntries(w, page, url, owner);
          w.end();
          return ctx.sendXml(w);
        });
  }
}
