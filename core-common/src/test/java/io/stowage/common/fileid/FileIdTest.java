package io.stowage.common.fileid;

import static org.junit.jupiter.api.Assertions.*;

import io.stowage.common.proto.ProtoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileIdTest {
  @Test
  void parseThenToStringRoundTrips() {
    String s = "group1/M00/00/2A/oYYBAGsFFL-APoSyAAAQAGlr1iU093.bin";
    FileId id = FileId.parse(s);
    assertEquals("group1", id.group());
    assertEquals(0, id.storePathIndex());
    assertEquals(0x00, id.dir1());
    assertEquals(0x2A, id.dir2());
    assertEquals("oYYBAGsFFL-APoSyAAAQAGlr1iU093.bin", id.name());
    assertEquals(s, id.toString());
    assertEquals(id, FileId.parse(id.toString()));
    assertEquals("data/00/2A/oYYBAGsFFL-APoSyAAAQAGlr1iU093.bin", id.relativeDataPath());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "group1/M00/00/00/../../etc/passwd", "group1/M00/00/00/..", "group1/M00/0a/00/x", "group1/X00/00/00/x",
    "group1/M00/00/00/a/b", "group1/M00/00/00/", "../M00/00/00/x", "group1", "group1/M00/00/00/.hidden",
    "grou p/M00/00/00/x", "group1/M00/00/00/a\\b"
  })
  void refusesIdsThatCouldEscapeOrAreMalformed(String bad) {
    assertThrows(ProtoException.class, () -> FileId.parse(bad));
  }

  @Test
  void decodesTheMeasuredFastDfsExample() {
    GeneratedName n = GeneratedName.decode("oYYBAGsFFL-APoSyAAAQAGlr1iU093.bin");
    assertEquals(100001, n.serverId());
    assertEquals(4096, n.size());
    assertFalse(n.appender());
    assertEquals("bin", n.ext());
  }
}
