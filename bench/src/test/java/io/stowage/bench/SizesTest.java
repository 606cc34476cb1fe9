package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

  @ParameterizedTest
  @CsvSource({"4K,4096", "4KiB,4096", "4kb,4096", "1M,1048576", "64MiB,67108864", "1G,1073741824", "512,512",
      "512B,512", "0,0"})
  void parsesBinarySizes(String text, long bytes) {
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"4096,4KiB", "1048576,1MiB", "67108864,64MiB", "1073741824,1GiB", "1000,1000B", "1536,1536B"})
  void formatsTheShortestExactUnit(long bytes, String text) {
    assertEquals(text, Sizes.format(bytes));
    assertEquals(bytes, Sizes.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"abc", "2G", "-1K", "K"})
  void rejectsWhatIsNotASizeUpTo1GiB(String text) {
    assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
  }
}
