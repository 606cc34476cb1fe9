package io.stowage.s3.handler;

import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;

/** GetBucketLocation: the region; empty for us-east-1, as S3 answers. */
public final class GetBucketLocationHandler implements S3Handler {
  private final Backend backend;

  public GetBucketLocationHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    return backend.bucket(ctx.bucket()).compose(b -> {
      String region = backend.config().region();
      String text = region.equals("us-east-1") ? "" : XmlWriter.escape(region);
      String xml = XmlWriter.DECLARATION + "<LocationConstraint xmlns=\"" + XmlWriter.S3_NAMESPACE + "\">" + text
          + "</LocationConstraint>";
      return ctx.response().setStatusCode(200).putHeader("Content-Type", "application/xml").end(xml);
    });
  }
}
