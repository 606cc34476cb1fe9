package io.stowage.s3.handler;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.CreateBucketConfiguration;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * CreateBucket: naming rules, optional LocationConstraint (must be this gateway's region), then
 * registration on the trackers, whose placement picks the home group. Taken names answer
 * BucketAlreadyOwnedByYou or BucketAlreadyExists.
 */
public final class CreateBucketHandler implements S3Handler {
  private final Backend backend;

  public CreateBucketHandler(Backend backend) {
    this.backend = backend;
  }

  @Override
  public Future<Void> handle(RequestContext ctx) {
    String name = ctx.bucket();
    String owner = ctx.auth().accessKeyId();
    try {
      BucketNames.check(name);
      rejectUnsupported(ctx.request().headers());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return ctx.readSmallBody(64 * 1024, S3Error.MALFORMED_XML).compose(body -> {
      if (body.length() > 0) {
        String lc = CreateBucketConfiguration.parse(body.getBytes()).locationConstraint();
        String region = backend.config().region();
        if (lc != null && !lc.equals(region)) {
          throw S3Exception.of(S3Error.INVALID_ARGUMENT, "The specified location-constraint is not valid")
              .withDetail("ArgumentName", "LocationConstraint").withDetail("ArgumentValue", lc);
        }
      }
      return backend.cluster().createBucket(name, null, owner);
    }).recover(e -> {
      if (e instanceof ProtoException p && p.code() == ErrorCode.EEXIST) {
        return backend.cluster().getBucket(name).transform(ar -> Future.failedFuture(
            (ar.succeeded() && owner != null && owner.equals(ar.result().owner())
                ? S3Exception.of(S3Error.BUCKET_ALREADY_OWNED_BY_YOU)
                : S3Exception.of(S3Error.BUCKET_ALREADY_EXISTS)).withBucket(name)));
      }
      return Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR));
    }).compose(bucket -> {
      ctx.response().putHeader("Location", "/" + name);
      return ctx.sendEmpty(200);
    });
  }

  private static void rejectUnsupported(MultiMap h) {
    String acl = h.get("x-amz-acl");
    if (acl != null && !acl.strip().equals("private")) {
      throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: canned ACL " + acl);
    }
    if ("true".equalsIgnoreCase(h.get("x-amz-bucket-object-lock-enabled"))) {
      throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: object lock");
    }
    String ownership = h.get("x-amz-object-ownership");
    if (ownership != null && !ownership.strip().equals("BucketOwnerEnforced")) {
      throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: object ownership " + ownership);
    }
    for (String n : h.names()) {
      if (n.toLowerCase(Locale.ROOT).startsWith("x-amz-grant-")) {
        throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: the " + n + " header");
      }
    }
  }
}
