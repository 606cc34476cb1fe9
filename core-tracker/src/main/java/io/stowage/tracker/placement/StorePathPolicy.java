package io.stowage.tracker.placement;

/** {@code store_path}: which store path (M00, M01, ...) of the chosen server receives an upload. */
public enum StorePathPolicy {
  /** Writable paths in turn. */
  ROUND_ROBIN,
  /** The writable path with the most free space. */
  LOAD_BALANCE
}
