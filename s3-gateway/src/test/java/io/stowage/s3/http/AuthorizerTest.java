package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.error.S3Exception;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerTest {
  @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "admin                    | DELETE_BUCKET   | any     | true",
      "admin                    | CREATE_BUCKET   | new     | true",
      "bucket:photos:read       | GET_OBJECT      | photos  | true",
      "bucket:photos:read       | LIST_OBJECTS_V2 | photos  | true",
      "bucket:photos:read       | HEAD_BUCKET     | photos  | true",
      "bucket:photos:read       | PUT_OBJECT      | photos  | false",
      "bucket:photos:read       | GET_OBJECT      | docs    | false",
      "bucket:photos:write      | PUT_OBJECT      | photos  | true",
      "bucket:photos:write      | DELETE_OBJECTS  | photos  | true",
      "bucket:photos:write      | GET_OBJECT      | photos  | false",
      "bucket:photos:read-write | GET_OBJECT      | photos  | true",
      "bucket:photos:read-write | DELETE_OBJECT   | photos  | true",
      "bucket:photos:read-write | DELETE_BUCKET   | photos  | false",
      "bucket:photos:admin      | DELETE_BUCKET   | photos  | true",
      "bucket:photos:admin      | CREATE_BUCKET   | photos  | true",
      "bucket:photos:admin      | CREATE_BUCKET   | photos2 | false",
      "bucket:photo:read        | GET_OBJECT      | photos  | false",
      "''                       | GET_OBJECT      | photos  | false",
      "''                       | LIST_BUCKETS    | ''      | true",
      "public-read:photos       | GET_OBJECT      | photos  | false",
  })
  void grantsDecide(String grants, S3Operation op, String bucket, boolean allowed) {
    List<String> g = grants.isEmpty() ? List.of() : Arrays.asList(grants.split(","));
    String b = bucket.isEmpty() ? null : bucket;
    if (allowed) {
      assertDoesNotThrow(() -> Authorizer.check(g, op, b, null));
    } else {
      assertEquals("AccessDenied", assertThrows(S3Exception.class, () -> Authorizer.check(g, op, b, null)).code());
    }
  }

  @Test
  void copyNeedsReadOnTheSource() {
    List<String> g = List.of("bucket:dst:write", "bucket:src:read");
    assertDoesNotThrow(() -> Authorizer.check(g, S3Operation.COPY_OBJECT, "dst", "src"));
    assertThrows(S3Exception.class, () -> Authorizer.check(g, S3Operation.COPY_OBJECT, "dst", "other"));
  }

  @Test
  void listBucketsShowsOnlyGrantedBuckets() {
    assertTrue(Authorizer.seesBucket(List.of("bucket:a:read"), "a"));
    assertFalse(Authorizer.seesBucket(List.of("bucket:a:read"), "b"));
    assertTrue(Authorizer.seesBucket(List.of("admin"), "b"));
  }
}
