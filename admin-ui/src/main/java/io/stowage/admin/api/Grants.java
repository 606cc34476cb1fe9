package io.stowage.admin.api;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Access-key grants as stored on the trackers: {@code admin} (everything, and the admin UI login),
 * {@code bucket:<name>:<read|write|read-write|admin>}, or {@code public-read:<name>}: anonymous
 * clients may read that bucket while any enabled credential carries it (what the gateway checks).
 * The admin UI keeps the public-read grants it sets on the reserved credential {@link #PUBLIC_HOLDER}
 * (enabled, with a random secret nobody is shown, and no other grants), so they do not depend on
 * the key of whoever set them. Also generates access keys and secrets.
 */
public final class Grants {
  public static final String ADMIN = "admin";
  /** The reserved credential carrying the public-read grants the admin UI sets. */
  public static final String PUBLIC_HOLDER = "_public-read";
  public static final String PUBLIC_READ_PREFIX = "public-read:";
  public static final List<String> PERMISSIONS = List.of("read", "write", "read-write", "admin");
  private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private Grants() {}

  /**
   * Normalises one grant: {@code admin}; {@code bucket:NAME:PERM} or the short {@code NAME:PERM}, where
   * PERM is read|write|read-write|admin or r|w|rw. Throws IllegalArgumentException otherwise.
   */
  public static String normalize(String g) {
    if (g == null) {
      throw new IllegalArgumentException("empty grant");
    }
    String s = g.strip();
    if (s.equalsIgnoreCase(ADMIN)) {
      return ADMIN;
    }
    if (s.startsWith(PUBLIC_READ_PREFIX)) {
      String b = s.substring(PUBLIC_READ_PREFIX.length());
      if (!Buckets.validName(b)) {
        throw new IllegalArgumentException("grant '" + g + "': not a bucket name");
      }
      return s;
    }
    String[] p = s.split(":");
    if (p.length == 3 && p[0].equals("bucket")) {
      p = new String[] {p[1], p[2]};
    }
    if (p.length != 2 || !Buckets.validName(p[0])) {
      throw new IllegalArgumentException("grant '" + g + "' is not admin, bucket:NAME:read|write|read-write|admin or public-read:NAME");
    }
    String perm = switch (p[1].toLowerCase(Locale.ROOT)) {
      case "r", "read" -> "read";
      case "w", "write" -> "write";
      case "rw", "read-write", "readwrite" -> "read-write";
      case "admin" -> "admin";
      default -> throw new IllegalArgumentException("grant '" + g + "': permission must be read, write, read-write or admin");
    };
    return "bucket:" + p[0] + ":" + perm;
  }

  public static List<String> normalizeAll(List<String> grants) {
    Set<String> out = new LinkedHashSet<>();
    for (String g : grants) {
      out.add(normalize(g));
    }
    return new ArrayList<>(out);
  }

  public static boolean isAdmin(List<String> grants) {
    return grants.contains(ADMIN);
  }

  public static String publicReadGrant(String bucket) {
    return PUBLIC_READ_PREFIX + bucket;
  }

  /** A new access key: "SK" + 18 upper-case letters and digits. */
  public static String newAccessKey(SecureRandom r) {
    StringBuilder sb = new StringBuilder("SK");
    for (int i = 0; i < 18; i++) {
      sb.append(KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length())));
    }
    return sb.toString();
  }

  /** A new 40-character secret. */
  public static String newSecret(SecureRandom r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(SECRET_CHARS.charAt(r.nextInt(SECRET_CHARS.length())));
    }
    return sb.toString();
  }
}
