package io.stowage.common.proto;

/**
 * Command codes. Values below 200 are FastDFS's own (tracker_proto.h, storage_service.c) and keep
 * FastDFS's byte layouts; 200 and above are Stowage's cluster-internal commands, which FastDFS never
 * uses, carry JSON bodies and require the cluster secret.
 */
public final class Commands {
  private Commands() {}

  public static final byte RESP = 100;
  public static final byte QUIT = 82;
  public static final byte ACTIVE_TEST = 111;

  // tracker, client-facing
  public static final byte SERVER_LIST_ONE_GROUP = 90;
  public static final byte SERVER_LIST_ALL_GROUPS = 91;
  public static final byte SERVER_LIST_STORAGE = 92;
  public static final byte SERVER_DELETE_STORAGE = 93;
  public static final byte QUERY_STORE_WITHOUT_GROUP_ONE = 101;
  public static final byte QUERY_FETCH_ONE = 102;
  public static final byte QUERY_UPDATE = 103;
  public static final byte QUERY_STORE_WITH_GROUP_ONE = 104;
  public static final byte QUERY_FETCH_ALL = 105;
  public static final byte QUERY_STORE_WITHOUT_GROUP_ALL = 106;
  public static final byte QUERY_STORE_WITH_GROUP_ALL = 107;

  // storage, client-facing
  public static final byte UPLOAD_FILE = 11;
  public static final byte DELETE_FILE = 12;
  public static final byte SET_METADATA = 13;
  public static final byte DOWNLOAD_FILE = 14;
  public static final byte GET_METADATA = 15;
  public static final byte UPLOAD_SLAVE_FILE = 21;
  public static final byte QUERY_FILE_INFO = 22;
  public static final byte UPLOAD_APPENDER_FILE = 23;
  public static final byte APPEND_FILE = 24;
  public static final byte MODIFY_FILE = 34;
  public static final byte TRUNCATE_FILE = 36;
  public static final byte REGENERATE_APPENDER_FILENAME = 38;

  // Stowage internal (JSON bodies, cluster secret required)
  /** First frame on an internal connection: body = cluster secret (UTF-8). */
  public static final byte INTERNAL_HELLO = (byte) 200;
  /** storage -> tracker: join or re-join a group. */
  public static final byte STORAGE_JOIN = (byte) 201;
  /** storage -> tracker: heartbeat with disk usage. */
  public static final byte STORAGE_BEAT = (byte) 202;
  /** any -> tracker: the cluster view (groups, servers, statuses, leader). */
  public static final byte CLUSTER_STATE = (byte) 203;

  public static final byte BUCKET_CREATE = (byte) 204;
  public static final byte BUCKET_GET = (byte) 205;
  public static final byte BUCKET_DELETE = (byte) 206;
  public static final byte BUCKET_LIST = (byte) 207;
  public static final byte CREDENTIAL_GET = (byte) 208;
  public static final byte CREDENTIAL_PUT = (byte) 209;
  /** admin -> tracker: delete an access key. */
  public static final byte CREDENTIAL_DELETE = (byte) 210;
  /** admin -> tracker: list access keys without their secrets. */
  public static final byte CREDENTIAL_LIST = (byte) 211;

  public static final byte INDEX_PUT = (byte) 220;
  public static final byte INDEX_GET = (byte) 221;
  public static final byte INDEX_DELETE = (byte) 222;
  public static final byte INDEX_LIST = (byte) 223;
  public static final byte INDEX_COUNT = (byte) 224;

  // replication (230-249): docs/replication.md
  /** storage -> tracker: this WAIT_SYNC/SYNCING server has replayed its peers' binlogs. */
  public static final byte SYNC_DONE = (byte) 230;
  /** storage -> tracker: a peer failed during a write; take it out of the in-sync set. */
  public static final byte REPORT_OUT_OF_SYNC = (byte) 231;
  /** storage -> storage: a new file streamed through (head, content, final name trailer). */
  public static final byte REPLICA_CREATE = (byte) 232;
  /** storage -> storage: apply a change of one file (delete, or pull its data/metadata from a source). */
  public static final byte REPLICA_APPLY = (byte) 233;
  /** storage -> storage: one index entry or tombstone with its hybrid logical clock (LWW). */
  public static final byte REPLICA_INDEX = (byte) 234;
  /** storage -> storage: binlog bytes from an offset (catch-up). */
  public static final byte BINLOG_READ = (byte) 235;
  /** storage -> storage: one index entry with its clock, tombstones included (catch-up). */
  public static final byte INDEX_FETCH = (byte) 236;
  /** storage -> tracker: a WAIT_SYNC server has started copying from its peers (WAIT_SYNC -> SYNCING). */
  public static final byte SYNC_START = (byte) 237;
  /** storage -> storage: a caught-up member asks to get every write from now on (before SYNC_DONE). */
  public static final byte MEMBER_ADMIT = (byte) 238;

  public static boolean isInternal(byte cmd) {
    return (cmd & 0xff) >= 200;
  }
}
