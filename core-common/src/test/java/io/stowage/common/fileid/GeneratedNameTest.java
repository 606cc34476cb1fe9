package io.stowage.common.fileid;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GeneratedNameTest {
  @Test
  void encodeThenDecodeKeepsEveryField() {
    GeneratedName n = GeneratedName.forFile(100001, 1_764_000_000L, 123_456L, 0xCAFEBABE, "jpg");
    String s = n.encode();
    assertEquals(34, s.length(), "27 base64 chars + 3 digits + '.' + ext");
    assertTrue(s.endsWith(".jpg"));
    GeneratedName d = GeneratedName.decode(s);
    assertEquals(100001, d.serverId());
    assertEquals(1_764_000_000L, d.createTime());
    assertEquals(123_456L, d.size());
    assertEquals(0xCAFEBABE, d.crc32());
    assertEquals("jpg", d.ext());
    assertFalse(d.appender());
  }

  @Test
  void remoteFilenameHasFastDfsNormalLength() {
    String name = GeneratedName.forFile(7, 1, 1, 1, "").encode();
    assertEquals(44, new FileId("group1", 0, 0, 0, name).remoteFilename().length());
    assertEquals(44, new FileId("group1", 0, 0, 0, GeneratedName.forFile(7, 1, 1, 1, "tar").encode()).remoteFilename().length());
  }

  @Test
  void appenderFlagSurvivesEncoding() {
    GeneratedName d = GeneratedName.decode(GeneratedName.forAppender(5, 99, "log").encode());
    assertTrue(d.appender());
    assertEquals(5, d.serverId());
  }

  @Test
  void largeSizesAreStoredPlain() {
    long big = 5L << 30;
    assertEquals(big, GeneratedName.decode(GeneratedName.forFile(1, 1, big, 0, "").encode()).size());
  }

  @Test
  void extensionIsChecked() {
    assertEquals("tar", GeneratedName.checkExt("tar"));
    assertThrows(RuntimeException.class, () -> GeneratedName.checkExt("toolong"));
    assertThrows(RuntimeException.class, () -> GeneratedName.checkExt("a/b"));
  }
}
