package io.stowage.s3.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrcCombineTest {
  private static byte[] sum(ChecksumAlgorithm alg, byte[] b) {
    Checksummer c = alg.newChecksummer();
    c.update(b, 0, b.length);
    return c.digest();
  }

  @Test
  void combinedEqualsTheChecksumOfTheConcatenation() {
    byte[] data = new byte[300_001];
    new Random(5).nextBytes(data);
    for (ChecksumAlgorithm alg : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C,
        ChecksumAlgorithm.CRC64NVME}) {
      assertTrue(CrcCombine.supports(alg));
      for (int cut : new int[] {0, 1, 7, 65_536, 150_000, data.length - 1, data.length}) {
        byte[] a = Arrays.copyOfRange(data, 0, cut);
        byte[] b = Arrays.copyOfRange(data, cut, data.length);
        assertArrayEquals(sum(alg, data), CrcCombine.combine(alg, sum(alg, a), sum(alg, b), b.length),
            alg + " cut at " + cut);
      }
    }
    assertFalse(CrcCombine.supports(ChecksumAlgorithm.SHA256));
  }
}
