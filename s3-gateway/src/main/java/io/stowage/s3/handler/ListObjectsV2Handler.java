package io.stowage.s3.handler;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * ListObjectsV2: prefix, delimiter/CommonPrefixes, max-keys, continuation-token (opaque: the last
 * key or prefix returned), start-after, encoding-type=url, fetch-owner, KeyCount, IsTruncated.
 */
public final class ListObjectsV2Handler implements S3Handler {
  private final Backend backend;

  public ListObjectsV2Handler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    QueryParams p = ctx.params();
    String bucketName = ctx.bucket();
    String prefix = p.get("prefix");
    String delimiter = p.get("delimiter");
    String token = p.get("continuation-token");
    String startAfter = p.get("start-after");
    boolean fetchOwner = "true".equals(p.get("fetch-owner"));
    int maxKeys;
    boolean url;
    String marker;
    try {
      maxKeys = Listing.maxKeys(p);
      url = Listing.urlEncoding(p);
      marker = token != null ? decodeToken(token) : startAfter;
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
          if (delimiter != null) {
            w.element("Delimiter", Listing.out(delimiter, url));
          }
          w.element("MaxKeys", maxKeys);
          if (url) {
            w.element("EncodingType", "url");
          }
          w.element("KeyCount", page.contents().size() + page.prefixes().size());
          w.element("IsTruncated", page.truncated());
          if (token != null) {
            w.element("ContinuationToken", token);
          }
          if (page.truncated()) {
            w.element("NextContinuationToken", encodeToken(page.lastItem()));
          }
          if (startAfter != null) {
            w.element("StartAfter", Listing.out(startAfter, url));
          }
          Listing.writeEntries(w, page, url, fetchOwner ? owner : null);
          w.end();
          return ctx.sendXml(w);
        });
  }

  static String encodeToken(String lastItem) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastItem.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!s.isEmpty()) {
        return s;
      }
    } catch (IllegalArgumentException e) {
      // below
    }
    throw S3Exception.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
  }
}
