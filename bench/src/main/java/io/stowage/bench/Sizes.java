package io.stowage.bench;

import java.util.Locale;

/** Object sizes as people write them: {@code 4K}, {@code 4KiB}, {@code 1M}, {@code 64MiB}, {@code 1G}, {@code 512}. */
final class Sizes {
  static final long KIB = 1024;
  static final long MIB = 1024 * KIB;
  static final long GIB = 1024 * MIB;
  /** Bodies are one byte array each, reused for every request. */
  static final long MAX = GIB;

  private Sizes() {}

  static long parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    if (t.endsWith("IB")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      unit = switch (t.charAt(t.length() - 1)) {
        case 'K' -> KIB;
        case 'M' -> MIB;
        case 'G' -> GIB;
        default -> 1;
      };
    }
    if (unit != 1) {
      t = t.substring(0, t.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(t.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4K, 1MiB, 64M, 1G)");
    }
    if (n < 0 || n * unit > MAX) {
      throw new IllegalArgumentException("size '" + text + "' is outside 0..1GiB");
    }
    return n * unit;
  }

  /** The shortest exact binary form: 4KiB, 1MiB, 64MiB, 1000B. */
  static String format(long bytes) {
    if (bytes >= GIB && bytes % GIB == 0) {
      return bytes / GIB + "GiB";
    }
    if (bytes >= MIB && bytes % MIB == 0) {
      return bytes / MIB + "MiB";
    }
    if (bytes >= KIB && bytes % KIB == 0) {
      return bytes / KIB + "KiB";
    }
    return bytes + "B";
  }
}
