package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.error.S3Exception;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class CompositeChecksumTest {
  private static byte[] crc32(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static MultipartUploads.Part part(int n, Map<String, String> sums) {
    return new MultipartUploads.Part(n, "group1/M00/00/00/f" + n, 10, "00", 0, sums);
  }

  @Test
  void crc32OfTheConcatenatedPartCrcsWithThePartCount() {
    byte[] a = "first part".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second part".getBytes(StandardCharsets.UTF_8);
    byte[] both = ByteBuffer.allocate(8).put(crc32(a)).put(crc32(b)).array();
    List<MultipartUploads.Part> parts = List.of(part(1, Map.of("CRC32", b64(crc32(a)))),
        part(2, Map.of("CRC32", b64(crc32(b)))));
    Map<String, String> expected = Map.of("CRC32", b64(crc32(both)) + "-2");
    assertEquals(expected, CompleteMultipartUploadHandler.compositeChecksum(null, parts));
    assertEquals(expected, CompleteMultipartUploadHandler.compositeChecksum("crc32", parts));
  }

  @Test
  void sha256IsComposedTheSameWay() throws Exception {
    byte[] h1 = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
    byte[] h2 = MessageDigest.getInstance("SHA-256").digest(new byte[] {2});
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    all.update(h1);
    all.update(h2);
    assertEquals(Map.of("SHA256", b64(all.digest()) + "-2"), CompleteMultipartUploadHandler.compositeChecksum(null,
        List.of(part(1, Map.of("SHA256", b64(h1))), part(2, Map.of("SHA256", b64(h2))))));
  }

  @Test
  void noneWhenAPartLacksTheChecksum() {
    byte[] a = "a".getBytes(StandardCharsets.UTF_8);
    List<MultipartUploads.Part> parts = List.of(part(1, Map.of("CRC32", b64(crc32(a)))), part(2, Map.of()));
    assertEquals(Map.of(), CompleteMultipartUploadHandler.compositeChecksum(null, parts));
    assertEquals(Map.of(), CompleteMultipartUploadHandler.compositeChecksum("CRC32C", List.of(parts.get(0))));
    assertEquals(Map.of(), CompleteMultipartUploadHandler.compositeChecksum(null, List.of()));
  }

  @Test
  void fullObjectCrcCombinesThePartCrcsWithTheirSizes() {
    byte[] a = "0123456789".getBytes(StandardCharsets.UTF_8);
    byte[] b = "abcdefghijk".getBytes(StandardCharsets.UTF_8);
    byte[] all = (new String(a, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    List<MultipartUploads.Part> parts = List.of(
        new MultipartUploads.Part(1, "f1", a.length, "00", 0, Map.of("CRC32", b64(crc32(a)))),
        new MultipartUploads.Part(2, "f2", b.length, "00", 0, Map.of("CRC32", b64(crc32(b)))));
    assertEquals(Map.of("CRC32", b64(crc32(all))), CompleteMultipartUploadHandler.fullObjectChecksum("CRC32", parts));
    assertEquals(Map.of(), CompleteMultipartUploadHandler.fullObjectChecksum("SHA256", parts));
    assertEquals(Map.of(), CompleteMultipartUploadHandler.fullObjectChecksum(null, parts));
  }

  @Test
  void checksumTypeDefaultsAndRules() {
    assertNull(CreateMultipartUploadHandler.checksumType(null, null));
    assertEquals("COMPOSITE", CreateMultipartUploadHandler.checksumType(null, "CRC32"));
    assertEquals("FULL_OBJECT", CreateMultipartUploadHandler.checksumType(null, "CRC64NVME"));
    assertEquals("FULL_OBJECT", CreateMultipartUploadHandler.checksumType("full_object", "CRC32C"));
    assertThrows(S3Exception.class, () -> CreateMultipartUploadHandler.checksumType("FULL_OBJECT", "SHA1"));
    assertThrows(S3Exception.class, () -> CreateMultipartUploadHandler.checksumType("COMPOSITE", "CRC64NVME"));
    assertThrows(S3Exception.class, () -> CreateMultipartUploadHandler.checksumType("COMPOSITE", null));
    assertThrows(S3Exception.class, () -> CreateMultipartUploadHandler.checksumType("OTHER", "CRC32"));
  }
}
