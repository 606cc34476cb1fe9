package io.stowage.common.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.common.proto.ProtoException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {
  @Test
  void encodesSortedByNameWithFastdfsSeparators() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("width", "1024");
    m.put("author", "me");
    m.put("height", "");
    byte[] raw = Metadata.encode(m);
    assertArrayEquals("author\u0002me\u0001height\u0002\u0001width\u00021024".getBytes(StandardCharsets.ISO_8859_1), raw);
    assertEquals(Map.of("author", "me", "height", "", "width", "1024"), Metadata.decode(raw));
    assertEquals(List.of("author", "height", "width"), List.copyOf(Metadata.decode(raw).keySet()));
  }

  @Test
  void emptyMeansNone() {
    assertEquals(0, Metadata.encode(Map.of()).length);
    assertEquals(Map.of(), Metadata.decode(new byte[0]));
  }

  @Test
  void mergeReplacesAndAdds() {
    Map<String, String> merged = Metadata.merge(Map.of("a", "1", "b", "2"), Map.of("b", "3", "c", "4"));
    assertEquals(Map.of("a", "1", "b", "3", "c", "4"), merged);
  }

  @Test
  void bytesSurviveAndUtf8Converts() {
    byte[] raw = "n\u0002\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);
    assertArrayEquals(raw, Metadata.encode(Metadata.decode(raw)));
    Map<String, String> text = Map.of("größe", "€");
    assertEquals(text, Metadata.utf8(Metadata.decode(Metadata.encode(Metadata.fromUtf8(text)))));
  }

  @Test
  void separatorsInsideFieldsAndEmptyNamesAreRefused() {
    assertThrows(ProtoException.class, () -> Metadata.encode(Map.of("a\u0001b", "x")));
    assertThrows(ProtoException.class, () -> Metadata.encode(Map.of("a", "x\u0002")));
    assertThrows(ProtoException.class, () -> Metadata.decode("\u0002value".getBytes(StandardCharsets.ISO_8859_1)));
  }
}
