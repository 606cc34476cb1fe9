package io.stowage.storage.fs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.fileid.FileId;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileStoreTest {
  @TempDir
  Path dir;

  private FileStore store(Map<String, String> extra) throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("base_path", dir.toString());
    m.put("server_id", "100001");
    m.put("cluster_secret", "x");
    m.put("tracker_server", "127.0.0.1:1");
    m.put("reserved_storage_space", "0");
    m.putAll(extra);
    FileStore s = new FileStore(StorageConfig.of(m));
    s.initBlocking();
    return s;
  }

  private Path tmpWith(FileStore s, String content) throws Exception {
    Path t = s.newTempPath(s.path(0));
    Files.writeString(t, content);
    return t;
  }

  @Test
  void generatedNameRoundTripsThroughLink() throws Exception {
    FileStore s = store(Map.of());
    long now = System.currentTimeMillis() / 1000;
    Path t = tmpWith(s, "hello");
    FileId id = s.linkNewBlocking(s.path(0), t, () -> GeneratedName.forFile(100001, now, 5, 0x1234abcd, "txt"));
    assertEquals(44, id.remoteFilename().length(), "FastDFS normal logic filename length");
    assertEquals(id, FileId.parse(id.toString()));
    GeneratedName g = GeneratedName.decode(id.name());
    assertEquals(100001, g.serverId());
    assertEquals(now, g.createTime());
    assertEquals(5, g.size());
    assertEquals(0x1234abcd, g.crc32());
    assertEquals("txt", g.ext());
    assertFalse(g.appender());
    assertEquals("hello", Files.readString(s.resolve(id)));
    assertFalse(Files.exists(t), "temp name removed");
    assertTrue(id.name().endsWith(".txt"));
  }

  @Test
  void appenderFlagSurvivesEncoding() {
    GeneratedName g = GeneratedName.decode(GeneratedName.forAppender(9, 1_700_000_000L, "").encode());
    assertTrue(g.appender());
    assertEquals(9, g.serverId());
    assertEquals(1_700_000_000L, g.createTime());
  }

  @Test
  void roundRobinMovesToNextDirectoryAfterRotateCount() throws Exception {
    FileStore s = store(Map.of("file_distribute_rotate_count", "2", "subdir_count_per_path", "2"));
    Set<String> dirs = new HashSet<>();
    String[] seen = new String[6];
    for (int i = 0; i < 6; i++) {
      FileId id = s.linkNewBlocking(s.path(0), tmpWith(s, "x" + i), () -> GeneratedName.forFile(1, 1, 2, 0, ""));
      seen[i] = String.format("%02X/%02X", id.dir1(), id.dir2());
      dirs.add(seen[i]);
    }
    assertEquals("00/00", seen[0]);
    assertEquals("00/00", seen[1]);
    assertEquals("00/01", seen[2]);
    assertEquals("01/00", seen[4]);
    assertEquals(3, dirs.size());
  }

  @Test
  void linkNeverReplacesAnExistingFile() throws Exception {
    FileStore s = store(Map.of());
    FileId first = s.linkNewBlocking(s.path(0), tmpWith(s, "one"), () -> GeneratedName.forFile(1, 1, 3, 0, ""));
    Path target = s.resolve(first);
    Path t = tmpWith(s, "two");
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> s.linkNoReplaceBlocking(t, target));
    assertEquals("one", Files.readString(target));
    assertTrue(Files.exists(t), "the temp file is kept for the next name attempt");
  }

  @Test
  void hashModeSpreadsByNameWithinSubdirCount() throws Exception {
    FileStore s = store(Map.of("file_distribute_path_mode", "1", "subdir_count_per_path", "4"));
    Set<String> dirs = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      FileId id = s.linkNewBlocking(s.path(0), tmpWith(s, "h" + i), () -> GeneratedName.forFile(1, 1, 2, 0, ""));
      assertTrue(id.dir1() < 4 && id.dir2() < 4);
      dirs.add(id.dir1() + "/" + id.dir2());
      assertTrue(Files.exists(s.resolve(id)));
    }
    assertTrue(dirs.size() > 4, "hashing spreads files over directories: " + dirs);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "M00/00/00/../../../../etc/passwd",
      "M00/00/00/..",
      "M00/00/../00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111",
      "M00/00/00/.hidden",
      "M00/00/00/a/b",
      "M00/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111-m",
      "M00/00/00/short",
      "M01/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111",
      "M00/ff/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111",
      "M00/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc11111\\..",
      "../M00/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111"})
  void craftedNamesAreRefused(String remote) throws Exception {
    FileStore s = store(Map.of());
    ProtoException e = assertThrows(ProtoException.class, () -> s.resolve(s.parse("group1", remote)));
    assertEquals(ErrorCode.EINVAL, e.code());
  }

  @Test
  void otherGroupAndSubdirBeyondCountAreRefused() throws Exception {
    FileStore s = store(Map.of("subdir_count_per_path", "16"));
    String ok = "M00/0F/0F/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111";
    Path p = s.resolve(s.parse("group1", ok));
    assertTrue(p.startsWith(dir.resolve("data")));
    assertEquals(dir.resolve("data/0F/0F/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111"), p);
    assertThrows(ProtoException.class, () -> s.parse("group2", ok));
    assertThrows(ProtoException.class, () -> s.resolve(s.parse("group1", "M00/10/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111")));
  }

  @Test
  void slaveNameFollowsMaster() throws Exception {
    FileStore s = store(Map.of());
    FileId master = s.parse("group1", "M00/01/02/AQAAAAAAAAGAAAAAAAAAAwAAAAc1234.jpg");
    FileId slave = s.slaveId(master, "_150x150", "");
    assertEquals("M00/01/02/AQAAAAAAAAGAAAAAAAAAAwAAAAc1234_150x150.jpg", slave.remoteFilename());
    assertEquals("AQAAAAAAAAGAAAAAAAAAAwAAAAc1234_big.png", s.slaveId(master, "_big", "png").name());
    assertThrows(ProtoException.class, () -> s.slaveId(master, "../x", ""));
    FileId noExt = s.parse("group1", "M00/01/02/AQAAAAAAAAGAAAAAAAAAAwAAAAc1234567");
    assertThrows(ProtoException.class, () -> s.slaveId(noExt, "-m", ""), "would collide with the master's metadata file");
  }

  @Test
  void leftoverTempFilesAreRemovedAtInit() throws Exception {
    FileStore s = store(Map.of());
    Path t = tmpWith(s, "partial");
    assertEquals(1, s.initBlocking());
    assertFalse(Files.exists(t));
  }

  @Test
  void uploadsGetSpareFilesOnceTheFirstUploadAskedAndLeftoverSparesAreNoUploads() throws Exception {
    FileStore s = store(Map.of());
    try {
      FileStore.TempFile first = s.newUploadFile(s.path(0));
      assertFalse(first.exists(), "no spare before the first upload asks: that one creates its file");
      assertFalse(Files.exists(first.path()));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> s.readySpares(s.path(0)).size() == FileStore.SPARES_PER_PATH);
      FileStore.TempFile spare = s.newUploadFile(s.path(0));
      assertTrue(spare.exists());
      await().atMost(Duration.ofSeconds(10)) // topped up: no refill runs on
          .until(() -> s.readySpares(s.path(0)).size() == FileStore.SPARES_PER_PATH);
      assertEquals(0, Files.size(spare.path()));
      assertEquals(s.path(0).tmpDir(), spare.path().getParent());
      Files.writeString(spare.path(), "partial");
      assertEquals(1, s.initBlocking(), "the used spare is an unfinished upload, the ready ones are not");
      assertTrue(s.readySpares(s.path(0)).isEmpty(), "removed spares are not handed out");
    } finally {
      s.close();
    }
  }

  @Test
  void reservedSpaceRefusesUpload() throws Exception {
    FileStore s = store(Map.of("reserved_storage_space", "99%"));
    ProtoException e = assertThrows(ProtoException.class, () -> s.chooseForUpload(-1, 1));
    assertEquals(ErrorCode.ENOSPC, e.code());
    assertNotEquals(-1, s.path(0).totalBytes());
  }

  @Test
  void admittedUploadsKeepTheirRoomUntilSettledAndKeptFilesUntilTheNextMeasurement() throws Exception {
    FileStore s = store(Map.of("reserved_storage_space", "1000"));
    StorePath sp = s.path(0);
    sp.usage(1_000_000, 3_000);
    // each fits alone (1,500 left > 1,000 reserved); together they would eat into the reserve
    assertEquals(sp, s.admitUpload(0, 1_500));
    ProtoException e = assertThrows(ProtoException.class, () -> s.admitUpload(0, 1_500));
    assertEquals(ErrorCode.ENOSPC, e.code());
    assertThrows(ProtoException.class, () -> s.chooseForUpload(0, 1_500), "a plain check sees the promise too");
    s.settleUpload(sp, 1_500, false); // failed: its room is free again
    assertEquals(sp, s.admitUpload(0, 1_500));
    s.settleUpload(sp, 1_500, true); // kept: on the disk now, though not yet measured
    assertEquals(1_500, sp.unpromisedBytes());
    assertThrows(ProtoException.class, () -> s.admitUpload(0, 1_500));
    sp.usage(1_000_000, 3_000); // a measurement replaces the estimate
    assertEquals(3_000, sp.unpromisedBytes());
    assertEquals(sp, s.admitUpload(0, 1_500));
  }
}
