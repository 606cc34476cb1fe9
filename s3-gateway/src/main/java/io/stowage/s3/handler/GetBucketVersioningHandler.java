package io.stowage.s3.handler;

import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;

/** GetBucketVersioning: versioning has never been enabled (an empty configuration). */
public final class GetBucketVersioningHandler implements S3Handler {
  private final Backend backend;

  public GetBucketVersioningHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    return backend.bucket(ctx.bucket()).compose(b -> {
      XmlWriter w = XmlWriter.withDeclaration();
      w.start("VersioningConfiguration", "xmlns", XmlWriter.S3_NAMESPACE).end();
      return ctx.sendXml(w);
    });
  }
}
