package io.stowage.tracker.placement;

/** {@code store_server}: which server of the chosen group receives an upload. */
public enum StoreServerPolicy {
  /** Writable servers in turn. */
  ROUND_ROBIN,
  /** The writable server with the lowest address. */
  FIRST_BY_IP,
  /** The writable server with the lowest {@code upload_priority} value (FastDFS: lower is preferred). */
  FIRST_BY_PRIORITY
}
