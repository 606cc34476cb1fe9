package io.stowage.storage.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinlogTest {
  @TempDir
  Path dir;

  @Test
  void recordLineRoundTrips() {
    BinlogRecord r = new BinlogRecord(1700000000L, 'A', "M00/00/01/abc", "10 20");
    assertEquals("1700000000 A M00/00/01/abc 10 20\n", r.line());
    assertEquals(r, BinlogRecord.parse(r.line().strip()));
    BinlogRecord c = BinlogRecord.parse("5 C M00/00/00/x");
    assertNull(c.extra());
    assertTrue(c.local());
    assertFalse(c.asReplicated().local());
    assertEquals('c', c.asReplicated().op());
    assertThrows(IllegalArgumentException.class, () -> new BinlogRecord(1, 'Q', "f", null));
    assertThrows(IllegalArgumentException.class, () -> new BinlogRecord(1, 'C', "a b", null));
  }

  @Test
  void indexRecordsKeepAnyKeyOnOneLine() {
    byte[] key = "a b\nü/€".getBytes(StandardCharsets.UTF_8);
    BinlogRecord r = BinlogRecord.index(BinlogRecord.INDEX_PUT, "my-bucket", key, new BinlogRecord.IndexVersion(1234567L, 7));
    String line = r.line();
    assertEquals(1, line.chars().filter(c -> c == '\n').count());
    assertTrue(line.endsWith("\n"));
    BinlogRecord back = BinlogRecord.parse(line.strip());
    assertEquals('X', back.op());
    assertTrue(back.indexOp());
    assertEquals("my-bucket", back.indexBucket());
    assertEquals(new String(key, StandardCharsets.UTF_8), new String(back.indexKey(), StandardCharsets.UTF_8));
    assertEquals(new BinlogRecord.IndexVersion(1234567L, 7), back.indexVersion());
    BinlogRecord del = BinlogRecord.index(BinlogRecord.INDEX_DELETE, "my-bucket", key, new BinlogRecord.IndexVersion(9L, 1))
        .asReplicated();
    assertEquals('y', del.op());
    assertFalse(del.local());
    assertFalse(BinlogRecord.parse("5 C M00/00/00/x").indexOp());
    assertThrows(IllegalArgumentException.class, () -> new BinlogRecord(1, 'X', "YnVja2V0", null));
  }

  @Test
  void indexRecordsLoggedWithoutAVersionStillParse() {
    // the form written before index lines carried the version: the key alone
    BinlogRecord old = BinlogRecord.parse("1700000000 X YnVja2V0 a2V5");
    assertEquals("bucket", old.indexBucket());
    assertEquals("key", new String(old.indexKey(), StandardCharsets.UTF_8));
    assertEquals(null, old.indexVersion());
    assertThrows(IllegalArgumentException.class, () -> BinlogRecord.parse("1700000000 X YnVja2V0 a2V5,12,x").indexVersion());
  }

  @Test
  void appendsSurviveReopenAndReadFromOffset() throws Exception {
    long second;
    try (Binlog b = Binlog.open(dir)) {
      second = b.appendAndSync(new BinlogRecord(1, 'C', "M00/00/00/a", null), true);
      b.appendAndSync(new BinlogRecord(2, 'D', "M00/00/00/a", null), true);
      b.appendAndSync(new BinlogRecord(3, 'c', "M00/00/00/b", null), true);
    }
    try (Binlog b = Binlog.open(dir)) {
      assertTrue(b.recovery().clean());
      List<BinlogEntry> all = b.read(0, 100);
      assertEquals(3, all.size());
      assertEquals('C', all.get(0).record().op());
      assertEquals(second, all.get(1).offset());
      List<BinlogEntry> rest = b.read(second, 100);
      assertEquals(2, rest.size());
      assertEquals('D', rest.get(0).record().op());
      assertEquals(b.size(), rest.get(1).nextOffset());
      assertEquals(1, b.read(second, 1).size());
    }
  }

  @Test
  void truncatedTailIsDroppedAndReported() throws Exception {
    long good;
    try (Binlog b = Binlog.open(dir)) {
      b.append(new BinlogRecord(1, 'C', "M00/00/00/a", null));
      good = b.appendAndSync(new BinlogRecord(2, 'C', "M00/00/00/b", null), true);
    }
    Path f = dir.resolve(Binlog.FILE_NAME);
    Files.write(f, "3 C M00/00/00/c".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND); // crash mid-line
    try (Binlog b = Binlog.open(dir)) {
      assertFalse(b.recovery().clean());
      assertEquals(15, b.recovery().droppedBytes());
      assertEquals("3 C M00/00/00/c", b.recovery().droppedText());
      assertEquals(good, b.size());
      assertEquals(good, Files.size(f));
      long end = b.appendAndSync(new BinlogRecord(4, 'D', "M00/00/00/a", null), true);
      List<BinlogEntry> all = b.read(0, 10);
      assertEquals(3, all.size());
      assertEquals(4, all.get(2).record().timestamp());
      assertEquals(end, all.get(2).nextOffset());
    }
    try (Binlog b = Binlog.open(dir)) {
      assertTrue(b.recovery().clean(), "recovered log stays clean");
    }
  }

  @Test
  void garbageLastLineIsDropped() throws Exception {
    Path f = dir.resolve(Binlog.FILE_NAME);
    Files.write(f, "1 C M00/00/00/a\n\0\0\0\0\n".getBytes(StandardCharsets.UTF_8));
    try (Binlog b = Binlog.open(dir)) {
      assertEquals(5, b.recovery().droppedBytes());
      assertEquals(1, b.read(0, 10).size());
    }
  }

  @Test
  void readerStopsAtEndWhenMade() throws Exception {
    try (Binlog b = Binlog.open(dir)) {
      b.append(new BinlogRecord(1, 'C', "f1", null));
      try (BinlogReader r = b.reader(0)) {
        b.append(new BinlogRecord(2, 'C', "f2", null));
        assertTrue(r.hasNext());
        assertEquals("f1", r.next().record().filename());
        assertFalse(r.hasNext());
      }
      assertThrows(IllegalArgumentException.class, () -> b.reader(b.size() + 1));
    }
  }
}
