package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.http.Authorizer;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;

/** ListBuckets: the buckets registered on the trackers that the credential has a grant on, sorted by name. */
public final class ListBucketsHandler implements S3Handler {
  private final Backend backend;

  public ListBucketsHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String owner = ctx.auth().accessKeyId();
    return backend.cluster().listBuckets()
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
        .compose(buckets -> {
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("ListAllMyBucketsResult", "xmlns", XmlWriter.S3_NAMESPACE);
          w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
          w.start("Buckets");
          for (BucketInfo b : buckets) {
            if (!Authorizer.seesBucket(ctx.grants(), b.name())) {
              continue;
            }
            w.start("Bucket").element("Name", b.name()).element("CreationDate", HttpDates.iso8601(b.createdMs()))
                .end();
          }
          w.end();
          w.end();
          return ctx.sendXml(w);
        });
  }
}
