package io.stowage.common.config;

/** Space kept free on a path, server or group: absolute bytes or a percentage of the total. */
public record ReservedSpace(long bytes, double percent) {
  public static final ReservedSpace NONE = new ReservedSpace(0, 0);

  /** Whether a disk with {@code free} of {@code total} bytes may take new writes. */
  public boolean allowsWrite(long free, long total) {
    long reserve = percent > 0 ? (long) (total * percent / 100.0) : bytes;
    return free > reserve;
  }

  @Override
  public String toString() {
    return percent > 0 ? percent + "%" : Long.toString(bytes);
  }
}
