package io.stowage.s3.checksum;

/**
 * zlib's {@code crc32_combine} generalised to the reflected CRCs S3 uses (CRC32, CRC32C, CRC64NVME,
 * all with init and xorout all ones): the CRC of {@code A||B} from crc(A), crc(B) and len(B), by
 * applying len(B) zero bytes to crc(A) with GF(2) matrix squaring. Used for full-object checksums
 * of multipart uploads.
 */
public final class CrcCombine {
  private CrcCombine() {}

  /** The reflected polynomial of a CRC algorithm, or 0 if it is not a CRC. */
  static long reflectedPoly(ChecksumAlgorithm alg) {
    return switch (alg) {
      case CRC32 -> 0xEDB88320L;
      case CRC32C -> 0x82F63B78L;
      case CRC64NVME -> Crc64Nvme.REFLECTED_POLY;
      default -> 0;
    };
  }

  public static boolean supports(ChecksumAlgorithm alg) {
    return reflectedPoly(alg) != 0;
  }

  /**
   * The checksum of the concatenation, as big-endian bytes like {@link Checksummer#digest()}.
   *
   * @param crc1 checksum bytes of the first piece
   * @param crc2 checksum bytes of the second piece
   * @param len2 length in bytes of the second piece
   */
  public static byte[] combine(ChecksumAlgorithm alg, byte[] crc1, byte[] crc2, long len2) {
    int width = alg.digestLength() * 8;
    long c = combine(reflectedPoly(alg), width, toLong(crc1), toLong(crc2), len2);
    byte[] out = new byte[alg.digestLength()];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = (byte) c;
      c >>>= 8;
    }
    return out;
  }

  private static long toLong(byte[] b) {
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }

  static long combine(long poly, int width, long crc1, long crc2, long len2) {
    if (len2 <= 0) {
      return crc1;
    }
    long[] even = new long[width];
    long[] odd = new long[width];
    odd[0] = poly;
    long row = 1;
    for (int n = 1; n < width; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd);
    square(odd, even);
    do {
      square(even, odd);
      if ((len2 & 1) != 0) {
        crc1 = times(even, crc1);
      }
      len2 >>>= 1;
      if (len2 == 0) {
        break;
      }
      square(odd, even);
      if ((len2 & 1) != 0) {
        crc1 = times(odd, crc1);
      }
      len2 >>>= 1;
    } while (len2 != 0);
    return crc1 ^ crc2;
  }

  private static long times(long[] mat, long vec) {
    long sum = 0;
    int i = 0;
    while (vec != 0) {
      if ((vec & 1) != 0) {
        sum ^= mat[i];
      }
      vec >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] square, long[] mat) {
    for (int n = 0; n < mat.length; n++) {
      square[n] = times(mat, mat[n]);
    }
  }
}
