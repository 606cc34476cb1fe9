package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectHeadersTest {
  @Test
  void awsChunkedIsNeverStored() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Content-Encoding", "aws-chunked");
    assertFalse(ObjectHeaders.contentHeaders(h).containsKey("Content-Encoding"));
    h.set("Content-Encoding", "aws-chunked,gzip");
    assertEquals("gzip", ObjectHeaders.contentHeaders(h).get("Content-Encoding"));
  }

  @Test
  void userMetadataIsKeptByLowerCaseSuffix() {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("X-Amz-Meta-Color", "blue").add("x-amz-meta-n", "1")
        .add("Content-Type", "text/plain");
    assertEquals(Map.of("color", "blue", "n", "1"), ObjectHeaders.userMeta(h));
    assertEquals("text/plain", ObjectHeaders.contentType(h));
    assertEquals("binary/octet-stream", ObjectHeaders.contentType(MultiMap.caseInsensitiveMultiMap()));
  }

  @Test
  void unimplementedWriteHeadersAreRefused() {
    assertEquals("NotImplemented", assertThrows(S3Exception.class, () -> ObjectHeaders.rejectUnsupported(
        MultiMap.caseInsensitiveMultiMap().add("x-amz-server-side-encryption", "aws:kms"))).code());
    assertEquals("NotImplemented", assertThrows(S3Exception.class, () -> ObjectHeaders.rejectUnsupported(
        MultiMap.caseInsensitiveMultiMap().add("x-amz-acl", "public-read"))).code());
    ObjectHeaders.rejectUnsupported(MultiMap.caseInsensitiveMultiMap().add("x-amz-acl", "private")
        .add("x-amz-storage-class", "STANDARD"));
  }

  @Test
  void keysOver1024BytesAreTooLong() {
    ObjectHeaders.checkKey("a".repeat(1024));
    assertEquals("KeyTooLongError", assertThrows(S3Exception.class,
        () -> ObjectHeaders.checkKey("\u00fc".repeat(513))).code());
  }
}
