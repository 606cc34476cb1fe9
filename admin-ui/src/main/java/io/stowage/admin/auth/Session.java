package io.stowage.admin.auth;

/**
 * A logged-in admin: the session ID (the cookie), its CSRF token, the access key and its secret (kept
 * only in memory, to sign the S3 requests the object browser proxies as this user). {@link #toString()}
 * shows neither the ID, the token nor the secret.
 */
public final class Session {
  private final String id;
  private final String csrfToken;
  private final String accessKey;
  private final String secretKey;
  private final long createdMs;
  private volatile long lastSeenMs;

  Session(String id, String csrfToken, String accessKey, String secretKey, long createdMs) {
    this.id = id;
    this.csrfToken = csrfToken;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.createdMs = createdMs;
    this.lastSeenMs = createdMs;
  }

  public String id() {
    return id;
  }

  public String csrfToken() {
    return csrfToken;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public long createdMs() {
    return createdMs;
  }

  public long lastSeenMs() {
    return lastSeenMs;
  }

  void touch(long now) {
    lastSeenMs = now;
  }

  @Override
  public String toString() {
    return "Session[" + accessKey + "]";
  }
}
