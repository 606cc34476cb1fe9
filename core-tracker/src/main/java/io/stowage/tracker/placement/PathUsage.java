package io.stowage.tracker.placement;

/** Disk usage of one store path as last reported, in MB. */
public record PathUsage(int index, long totalMb, long freeMb) {
  private static final long MB = 1L << 20;

  /** Whether the path may take new files after keeping {@code reserved} free. */
  public boolean writable(io.stowage.common.config.ReservedSpace reserved) {
    return totalMb > 0 && reserved.allowsWrite(freeMb * MB, totalMb * MB);
  }
}
