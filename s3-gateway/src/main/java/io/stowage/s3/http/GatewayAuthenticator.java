package io.stowage.s3.http;

import io.stowage.s3.auth.AuthResult;
import io.stowage.s3.auth.ParsedAuth;
import io.stowage.s3.auth.RequestAuthenticator;
import io.stowage.s3.auth.RequestView;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.List;

/**
 * The authentication choke point every request passes before any handler runs: header SigV4,
 * presigned SigV4, SigV2 (header and query) via the auth package, secrets from the trackers through
 * {@link CredentialCache}, with the credential's grants for {@link Authorizer}. The payload mode it
 * returns decides how {@link RequestBody} reads and verifies the body. Anonymous requests may only
 * read buckets made {@code public-read}.
 * Nothing here logs a signature or a secret.
 */
final class GatewayAuthenticator {
  private final RequestAuthenticator verifier;
  private final CredentialCache credentials;
  private final String rootAccessKey;
  private final PublicReadBuckets publicBuckets;

  /** @param rootAccessKey the configured root access key (always admin), or null */
  GatewayAuthenticator(RequestAuthenticator verifier, CredentialCache credentials, String rootAccessKey,
                       PublicReadBuckets publicBuckets) {
    this.verifier = verifier;
    this.credentials = credentials;
    this.rootAccessKey = rootAccessKey;
    this.publicBuckets = publicBuckets;
  }

  /** The verified request and the credential's grants. */
  record Authenticated(AuthResult result, List<String> grants) {}

  Future<Authenticated> authenticate(HttpServerRequest req, RoutedRequest route) {
    RequestView view;
    ParsedAuth parsed;
    try {
      view = new RequestView(req.method().name(), req.path(), req.query(), req.headers(), route.virtualHostBucket());
      parsed = verifier.parse(view);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (parsed == null) {
      return anonymous(route);
    }
    return credentials.lookup(parsed.accessKeyId()).compose(cred -> {
      try {
        AuthResult result = verifier.verify(view, parsed, cred.secretKey(), Instant.now());
        List<String> grants = cred.accessKey().equals(rootAccessKey) ? List.of(Authorizer.ADMIN) : cred.grants();
        return Future.succeededFuture(new Authenticated(result, grants));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** Anonymous requests may only read buckets made public-read; everything else is AccessDenied. */
  private Future<Authenticated> anonymous(RoutedRequest route) {
    String bucket = route.bucket();
    List<String> readGrant = bucket == null ? List.of() : List.of("bucket:" + bucket + ":read");
    if (bucket == null || route.operation() == null || !Authorizer.allows(readGrant, route.operation(), bucket)) {
      return Future.failedFuture(S3Exception.of(S3Error.ACCESS_DENIED));
    }
    return publicBuckets.isPublic(bucket).compose(pub -> pub
        ? Future.succeededFuture(new Authenticated(AuthResult.anonymous(), readGrant))
        : Future.failedFuture(S3Exception.of(S3Error.ACCESS_DENIED)));
  }
}
