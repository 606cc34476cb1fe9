package io.stowage.tracker.server;

import io.stowage.common.proto.Wire;
import io.vertx.core.buffer.Buffer;

/**
 * Encoders for the SERVER_LIST_* answers: FastDFS's group-stat and storage-stat records, fixed-size
 * big-endian structs whose size and field order differ between FastDFS generations (see
 * {@link StatLayout}). Clients split the answer by the record size (the official Java client checks
 * {@code length % recordSize == 0}), so every byte counts.
 */
public final class StatRecords {
  private StatRecords() {}

  /** Group name field of the stat records: 16 bytes plus the C string's NUL. */
  public static final int GROUP_NAME_FIELD = Wire.GROUP_NAME_LEN + 1;
  /** Group stat, V5: name 17 + 11 x int64. */
  public static final int GROUP_V5_SIZE = GROUP_NAME_FIELD + 11 * 8;
  /** Group stat, V6.13+: name 17 + 12 x int64. */
  public static final int GROUP_V6_SIZE = GROUP_NAME_FIELD + 12 * 8;
  /** V5 storage stat: status 1, id 16, ip 16, domain 128, src ip 16, version 6, 10 x int64, 3 x int32, 42 x int64, trunk 1. */
  public static final int STORAGE_V5_SIZE = 1 + 16 + 16 + 128 + 16 + 6 + 10 * 8 + 3 * 4 + 42 * 8 + 1;
  /** V6.16 IPv4 storage stat: status 1, rw mode 1, id 16, ip 16, src id 16, version 8, 10 x int64, 3 x int32, 42 x int64, trunk 1. */
  public static final int STORAGE_V6_SIZE = 1 + 1 + 16 + 16 + 16 + 8 + 10 * 8 + 3 * 4 + 42 * 8 + 1;

  static final int DOMAIN_NAME_LEN = 128;
  static final int V5_VERSION_LEN = 6;
  /** The 38 operation counters plus last source update, last sync update, last synced timestamp, last heartbeat. */
  static final int COUNTERS = 42;

  /** One group's figures for a group-stat record. Sizes in MB. */
  public record GroupStat(String name, long totalMb, long freeMb, long reservedMb, int storageCount, int storagePort,
      int readableCount, int writableCount, int activeCount, int currentWriteServer, int storePathCount, int subdirCount) {}

  /** One server's figures for a storage-stat record. Times in epoch seconds, sizes in MB. */
  public record StorageStat(int status, String id, String ip, String version, long joinTime, long upTime, long totalMb,
      long freeMb, long reservedMb, int uploadPriority, int storePathCount, int subdirCount, int currentWritePath,
      int storagePort, long lastHeartBeatTime) {}

  public static int groupSize(StatLayout layout) {
    return layout == StatLayout.V5 ? GROUP_V5_SIZE : GROUP_V6_SIZE;
  }

  public static int storageSize(StatLayout layout) {
    return layout == StatLayout.V5 ? STORAGE_V5_SIZE : STORAGE_V6_SIZE;
  }

  public static Buffer group(StatLayout layout, GroupStat g, Buffer out) {
    Wire.appendFixed(out, g.name(), GROUP_NAME_FIELD);
    if (layout == StatLayout.V5) {
      // total_mb, free_mb, trunk_free_mb, storage_count, storage_port, storage_http_port, active_count,
      // current_write_server, store_path_count, subdir_count_per_path, current_trunk_file_id
      out.appendLong(g.totalMb()).appendLong(g.freeMb()).appendLong(0).appendLong(g.storageCount()).appendLong(g.storagePort())
          .appendLong(0).appendLong(g.activeCount()).appendLong(g.currentWriteServer()).appendLong(g.storePathCount())
          .appendLong(g.subdirCount()).appendLong(0);
    } else {
      // total_mb, free_mb, reserved_mb, trunk_free_mb, storage_count, storage_port, readable_server_count,
      // writable_server_count, current_write_server, store_path_count, subdir_count_per_path, current_trunk_file_id
      out.appendLong(g.totalMb()).appendLong(g.freeMb()).appendLong(g.reservedMb()).appendLong(0).appendLong(g.storageCount())
          .appendLong(g.storagePort()).appendLong(g.readableCount()).appendLong(g.writableCount()).appendLong(g.currentWriteServer())
          .appendLong(g.storePathCount()).appendLong(g.subdirCount()).appendLong(0);
    }
    return out;
  }

  public static Buffer storage(StatLayout layout, StorageStat s, Buffer out) {
    out.appendByte((byte) s.status());
    if (layout == StatLayout.V5) {
      Wire.appendFixed(out, s.id(), Wire.STORAGE_ID_LEN);
      Wire.appendFixed(out, s.ip(), Wire.IP_ADDR_FIELD);
      Wire.appendFixed(out, "", DOMAIN_NAME_LEN);
      Wire.appendFixed(out, "", Wire.IP_ADDR_FIELD); // source server ip
      Wire.appendFixed(out, s.version(), V5_VERSION_LEN);
      // join_time, up_time, total_mb, free_mb, upload_priority, store_path_count, subdir_count_per_path,
      // current_write_path, storage_port, storage_http_port
      out.appendLong(s.joinTime()).appendLong(s.upTime()).appendLong(s.totalMb()).appendLong(s.freeMb())
          .appendLong(s.uploadPriority()).appendLong(s.storePathCount()).appendLong(s.subdirCount())
          .appendLong(s.currentWritePath()).appendLong(s.storagePort()).appendLong(0);
    } else {
      out.appendByte((byte) 0); // read/write mode
      Wire.appendFixed(out, s.id(), Wire.STORAGE_ID_LEN);
      Wire.appendFixed(out, s.ip(), Wire.IP_ADDR_FIELD);
      Wire.appendFixed(out, "", Wire.STORAGE_ID_LEN); // source server id
      Wire.appendFixed(out, s.version(), Wire.VERSION_LEN);
      // join_time, up_time, total_mb, free_mb, reserved_mb, upload_priority, store_path_count,
      // subdir_count_per_path, current_write_path, storage_port
      out.appendLong(s.joinTime()).appendLong(s.upTime()).appendLong(s.totalMb()).appendLong(s.freeMb())
          .appendLong(s.reservedMb()).appendLong(s.uploadPriority()).appendLong(s.storePathCount())
          .appendLong(s.subdirCount()).appendLong(s.currentWritePath()).appendLong(s.storagePort());
    }
    out.appendInt(0).appendInt(0).appendInt(0); // connection alloc / current / max
    for (int i = 0; i < COUNTERS - 1; i++) {
      out.appendLong(0); // operation counters and sync timestamps: not tracked yet
    }
    out.appendLong(s.lastHeartBeatTime());
    out.appendByte((byte) 0); // not a trunk server
    return out;
  }
}
