package io.stowage.common.cluster;

/** FastDFS's storage server statuses, with FastDFS's numeric values (tracker_types.h). */
public enum ServerStatus {
  INIT(0),
  WAIT_SYNC(1),
  SYNCING(2),
  IP_CHANGED(3),
  DELETED(4),
  OFFLINE(5),
  ONLINE(6),
  ACTIVE(7),
  RECOVERY(9),
  NONE(99);

  private final int code;

  ServerStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Whether the server may serve reads and take writes. */
  public boolean serving() {
    return this == ACTIVE;
  }
}
