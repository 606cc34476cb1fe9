package io.stowage.admin.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Bucket-name rules and server-side pagination helpers. */
public final class Buckets {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  private Buckets() {}

  /** S3's rules: 3..63 of [a-z0-9.-], starting and ending with a letter or digit, no "..", not an IPv4 address. */
  public static boolean validName(String n) {
    if (n == null || n.length() < 3 || n.length() > 63) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        return false;
      }
    }
    if (!Character.isLetterOrDigit(n.charAt(0)) || !Character.isLetterOrDigit(n.charAt(n.length() - 1)) || n.contains("..")) {
      return false;
    }
    return !n.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }

  /** A page of a sorted list: the items after {@code after} (exclusive; null or "" = from the start) matching {@code prefix}. */
  public record Page<T>(List<T> items, String nextAfter, boolean truncated, int total) {}

  /**
   * Pages {@code sorted} (ascending by {@code key}): up to {@code limit} items whose key is greater
   * than {@code after} and starts with {@code prefix}; {@code total} counts every match.
   */
  public static <T> Page<T> page(List<T> sorted, Function<T, String> key, String prefix, String after, int limit) {
    List<T> out = new ArrayList<>();
    int total = 0;
    boolean truncated = false;
    String p = prefix == null ? "" : prefix;
    for (T t : sorted) {
      String k = key.apply(t);
      if (!k.startsWith(p)) {
        continue;
      }
      total++;
      if (after != null && !after.isEmpty() && k.compareTo(after) <= 0) {
        continue;
      }
      if (out.size() < limit) {
        out.add(t);
      } else {
        truncated = true;
      }
    }
    String next = truncated && !out.isEmpty() ? key.apply(out.get(out.size() - 1)) : null;
    return new Page<>(out, next, truncated, total);
  }

  /** Clamps a limit parameter to 1..MAX_LIMIT, default {@link #DEFAULT_LIMIT}. */
  public static int limit(String param) {
    if (param == null || param.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(param)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a number");
    }
  }
}
