package io.stowage.tracker.placement;

/** {@code download_server}: which serving member of a file's group answers a download. */
public enum DownloadServerPolicy {
  /** Serving members in turn. */
  ROUND_ROBIN,
  /** The file's source server while it serves, else the members in turn. */
  SOURCE_FIRST
}
