package io.stowage.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import org.csource.fastdfs.ProtoStructDecoder;
import org.csource.fastdfs.StructGroupStat;
import org.csource.fastdfs.StructStorageStat;
import org.junit.jupiter.api.Test;

class StatRecordsTest {
  static final StatRecords.GroupStat GROUP = new StatRecords.GroupStat("group1", 2000, 1500, 20, 2, 23000, 2, 2, 2, 1, 3, 256);
  static final StatRecords.StorageStat STORAGE = new StatRecords.StorageStat(7, "42", "10.1.2.3", "6.16", 1_700_000_000L,
      1_700_000_100L, 4000, 3000, 40, 10, 2, 256, 1, 23000, 1_700_000_200L);

  @Test
  void recordSizesMatchFastdfsGenerations() {
    assertEquals(105, StatRecords.GROUP_V5_SIZE);
    assertEquals(113, StatRecords.GROUP_V6_SIZE);
    assertEquals(612, StatRecords.STORAGE_V5_SIZE);
    assertEquals(487, StatRecords.STORAGE_V6_SIZE);
    for (StatLayout l : StatLayout.values()) {
      assertEquals(StatRecords.groupSize(l), StatRecords.group(l, GROUP, Buffer.buffer()).length(), l.name());
      assertEquals(StatRecords.storageSize(l), StatRecords.storage(l, STORAGE, Buffer.buffer()).length(), l.name());
    }
  }

  @Test
  void v5SizesAreWhatTheOfficialJavaClientExpects() {
    assertEquals(StructGroupStat.getFieldsTotalSize(), StatRecords.GROUP_V5_SIZE);
    assertEquals(StructStorageStat.getFieldsTotalSize(), StatRecords.STORAGE_V5_SIZE);
  }

  @Test
  void officialJavaClientDecodesV5GroupRecords() throws Exception {
    Buffer b = Buffer.buffer();
    StatRecords.group(StatLayout.V5, GROUP, b);
    StatRecords.group(StatLayout.V5, new StatRecords.GroupStat("g2", 1, 0, 0, 1, 23001, 0, 0, 0, 0, 1, 256), b);
    StructGroupStat[] decoded = new ProtoStructDecoder<StructGroupStat>().decode(b.getBytes(), StructGroupStat.class,
        StructGroupStat.getFieldsTotalSize());
    assertEquals(2, decoded.length);
    StructGroupStat g = decoded[0];
    assertEquals("group1", g.getGroupName());
    assertEquals(2000, g.getTotalMB());
    assertEquals(1500, g.getFreeMB());
    assertEquals(2, g.getStorageCount());
    assertEquals(23000, g.getStoragePort());
    assertEquals(2, g.getActiveCount());
    assertEquals(1, g.getCurrentWriteServer());
    assertEquals(3, g.getStorePathCount());
    assertEquals(256, g.getSubdirCountPerPath());
    assertEquals("g2", decoded[1].getGroupName());
    assertEquals(23001, decoded[1].getStoragePort());
  }

  @Test
  void officialJavaClientDecodesV5StorageRecords() throws Exception {
    Buffer b = StatRecords.storage(StatLayout.V5, STORAGE, Buffer.buffer());
    StructStorageStat[] decoded = new ProtoStructDecoder<StructStorageStat>().decode(b.getBytes(), StructStorageStat.class,
        StructStorageStat.getFieldsTotalSize());
    StructStorageStat s = decoded[0];
    assertEquals(7, s.getStatus());
    assertEquals("42", s.getId());
    assertEquals("10.1.2.3", s.getIpAddr());
    assertEquals("6.16", s.getVersion());
    assertEquals(1_700_000_000_000L, s.getJoinTime().getTime());
    assertEquals(1_700_000_100_000L, s.getUpTime().getTime());
    assertEquals(4000, s.getTotalMB());
    assertEquals(3000, s.getFreeMB());
    assertEquals(10, s.getUploadPriority());
    assertEquals(2, s.getStorePathCount());
    assertEquals(256, s.getSubdirCountPerPath());
    assertEquals(1, s.getCurrentWritePath());
    assertEquals(23000, s.getStoragePort());
    assertEquals(1_700_000_200_000L, s.getLastHeartBeatTime().getTime());
    assertEquals(false, s.isTrunkServer());
  }

  @Test
  void v6RecordsPutFieldsAtFastdfs616Offsets() {
    Buffer g = StatRecords.group(StatLayout.V6, GROUP, Buffer.buffer());
    assertEquals("group1", g.getString(0, 6));
    assertEquals(0, g.getByte(16));
    assertEquals(2000, g.getLong(17));       // total_mb
    assertEquals(1500, g.getLong(25));       // free_mb
    assertEquals(20, g.getLong(33));         // reserved_mb
    assertEquals(2, g.getLong(49));          // storage_count
    assertEquals(23000, g.getLong(57));      // storage_port
    assertEquals(256, g.getLong(97));        // subdir_count_per_path
    Buffer s = StatRecords.storage(StatLayout.V6, STORAGE, Buffer.buffer());
    assertEquals(7, s.getByte(0));
    assertEquals("42", s.getString(2, 4));
    assertEquals("10.1.2.3", s.getString(18, 26));
    assertEquals("6.16", s.getString(50, 54));
    assertEquals(1_700_000_000L, s.getLong(58)); // join_time
    assertEquals(40, s.getLong(58 + 4 * 8));     // reserved_mb
    assertEquals(23000, s.getLong(58 + 9 * 8));  // storage_port
    assertEquals(1_700_000_200L, s.getLong(487 - 1 - 8)); // last_heart_beat_time
  }
}
