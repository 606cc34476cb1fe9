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

/**
 * The authentication choke point every request passes before any handler runs: header SigV4,
 * presigned SigV4, SigV2 (header and query) via the auth package, secrets from the trackers through
 * {@link CredentialCache}. The payload mode it returns decides how {@link RequestBody} reads and
 * verifies the body. Anonymous requests are refused (there are no bucket policies yet).
 * Nothing here logs a signature or a secret.
 */
final class GatewayAuthenticator {
  private final RequestAuthenticator verifier;
  private final CredentialCache credentials;

  GatewayAuthenticator(RequestAuthenticator verifier, CredentialCache credentials) {
    this.verifier = verifier;
    this.credentials = credentials;
  }

  Future<AuthResult> authenticate(HttpServerRequest req, RoutedRequest route) {
    RequestView view;
    ParsedAuth parsed;
    try {
      view = new RequestView(req.method().name(), req.path(), req.query(), req.headers(), route.virtualHostBucket());
      parsed = verifier.parse(view);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (parsed == null) {
      return Future.failedFuture(S3Exception.of(S3Error.ACCESS_DENIED));
    }
    return credentials.secretFor(parsed.accessKeyId()).compose(secret -> {
      try {
        return Future.succeededFuture(verifier.verify(view, parsed, secret, Instant.now()));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
  }
}
