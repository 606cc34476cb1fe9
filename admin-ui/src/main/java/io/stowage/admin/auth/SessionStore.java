package io.stowage.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Server-side login sessions with idle and absolute expiry, bounded in number (the oldest is dropped
 * when full), and the CSRF check: every state-changing request must carry the session's token in
 * {@code X-CSRF-Token}, compared in constant time.
 */
public final class SessionStore {
  public static final String COOKIE = "stowage_admin";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  static final int MAX_SESSIONS = 10_000;

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final long idleMs;
  private final long maxAgeMs;
  private final LongSupplier clock;

  public SessionStore(long idleSeconds, long maxAgeSeconds, LongSupplier clock) {
    this.idleMs = idleSeconds * 1000;
    this.maxAgeMs = maxAgeSeconds * 1000;
    this.clock = clock;
  }

  /** A new session for an authenticated key. */
  public Session create(String accessKey, String secretKey) {
    purge();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().stream().min(java.util.Comparator.comparingLong(Session::lastSeenMs)).ifPresent(s -> sessions.remove(s.id()));
    }
    Session s = new Session(token(), token(), accessKey, secretKey, clock.getAsLong());
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with that ID (touching it), or empty when unknown or expired (then removed). */
  public Optional<Session> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    long now = clock.getAsLong();
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    s.touch(now);
    return Optional.of(s);
  }

  public void remove(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of an access key (deleted or disabled keys). */
  public void removeKey(String accessKey) {
    sessions.values().removeIf(s -> s.accessKey().equals(accessKey));
  }

  /** One live session per distinct access key (to re-check keys against the trackers). */
  public java.util.Collection<Session> onePerKey() {
    Map<String, Session> out = new java.util.HashMap<>();
    sessions.values().forEach(s -> out.putIfAbsent(s.accessKey(), s));
    return out.values();
  }

  public int size() {
    return sessions.size();
  }

  /** Drops expired sessions. */
  public void purge() {
    long now = clock.getAsLong();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (expired(it.next(), now)) {
        it.remove();
      }
    }
  }

  private boolean expired(Session s, long now) {
    return now - s.lastSeenMs() > idleMs || now - s.createdMs() > maxAgeMs;
  }

  /** Whether {@code presented} (the X-CSRF-Token header, may be null) is this session's token. */
  public static boolean csrfValid(Session s, String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(s.csrfToken().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Constant-time comparison of secrets (lengths may differ). */
  public static boolean secretsEqual(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The Set-Cookie value for a session: HttpOnly, SameSite=Strict, Path=/, Secure over TLS. */
  public static String cookie(String id, boolean secure) {
    return COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** The Set-Cookie value that clears the session cookie. */
  public static String clearCookie(boolean secure) {
    return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
