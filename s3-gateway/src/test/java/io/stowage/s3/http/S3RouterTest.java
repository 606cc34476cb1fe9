package io.stowage.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.S3Exception;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3RouterTest {
  private final S3Router router = new S3Router(List.of("s3.example.com", "localhost"));

  /** Routes, throwing a rejection as the gateway answers it (after authentication). */
  private RoutedRequest route(String method, String host, String path, String query, boolean copy) {
    RoutedRequest r = router.route(method, host, path, QueryParams.parse(query), copy);
    if (r.rejection() != null) {
      throw r.rejection();
    }
    return r;
  }

  @org.junit.jupiter.api.Test
  void rejectionsAreReturnedForTheAuthenticatorNotThrown() {
    RoutedRequest r = router.route("GET", "h", "/b1", QueryParams.parse("acl"), false);
    assertEquals(null, r.operation());
    assertEquals("b1", r.bucket());
    assertEquals("NotImplemented", r.rejection().code());
  }

  @ParameterizedTest(name = "{0} {1}{2}?{3} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "GET    | 127.0.0.1:9000        | /                | NULL                    | false | LIST_BUCKETS          | NULL   | NULL",
      "PUT    | 127.0.0.1:9000        | /b1              | NULL                    | false | CREATE_BUCKET         | b1     | NULL",
      "PUT    | 127.0.0.1:9000        | /b1/             | NULL                    | false | CREATE_BUCKET         | b1     | NULL",
      "HEAD   | 127.0.0.1:9000        | /b1              | NULL                    | false | HEAD_BUCKET           | b1     | NULL",
      "DELETE | 127.0.0.1:9000        | /b1              | NULL                    | false | DELETE_BUCKET         | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | location                | false | GET_BUCKET_LOCATION   | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | versioning              | false | GET_BUCKET_VERSIONING | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | NULL                    | false | LIST_OBJECTS          | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | prefix=a&marker=b       | false | LIST_OBJECTS          | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | list-type=2&prefix=a    | false | LIST_OBJECTS_V2       | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | versions&prefix=a       | false | LIST_OBJECT_VERSIONS  | b1     | NULL",
      "GET    | 127.0.0.1:9000        | /b1              | uploads                 | false | LIST_MULTIPART_UPLOADS | b1    | NULL",
      "POST   | 127.0.0.1:9000        | /b1/k            | uploads                 | false | CREATE_MULTIPART_UPLOAD | b1   | k",
      "PUT    | 127.0.0.1:9000        | /b1/k            | partNumber=1&uploadId=x | false | UPLOAD_PART           | b1     | k",
      "POST   | 127.0.0.1:9000        | /b1/k            | uploadId=x              | false | COMPLETE_MULTIPART_UPLOAD | b1 | k",
      "DELETE | 127.0.0.1:9000        | /b1/k            | uploadId=x              | false | ABORT_MULTIPART_UPLOAD | b1    | k",
      "GET    | 127.0.0.1:9000        | /b1/k            | uploadId=x&max-parts=2  | false | LIST_PARTS            | b1     | k",
      "POST   | 127.0.0.1:9000        | /b1              | delete                  | false | DELETE_OBJECTS        | b1     | NULL",
      "POST   | 127.0.0.1:9000        | /b1              | delete=                 | false | DELETE_OBJECTS        | b1     | NULL",
      "PUT    | 127.0.0.1:9000        | /b1/k            | NULL                    | false | PUT_OBJECT            | b1     | k",
      "PUT    | 127.0.0.1:9000        | /b1/k            | x-id=PutObject          | false | PUT_OBJECT            | b1     | k",
      "PUT    | 127.0.0.1:9000        | /b1/k            | NULL                    | true  | COPY_OBJECT           | b1     | k",
      "GET    | 127.0.0.1:9000        | /b1/a/b/c.txt    | NULL                    | false | GET_OBJECT            | b1     | a/b/c.txt",
      "GET    | 127.0.0.1:9000        | /b1/k            | versionId=null          | false | GET_OBJECT            | b1     | k",
      "HEAD   | 127.0.0.1:9000        | /b1/k            | NULL                    | false | HEAD_OBJECT           | b1     | k",
      "GET    | 127.0.0.1:9000        | /b1/k            | partNumber=2            | false | GET_OBJECT            | b1     | k",
      "HEAD   | 127.0.0.1:9000        | /b1/k            | partNumber=1            | false | HEAD_OBJECT           | b1     | k",
      "DELETE | 127.0.0.1:9000        | /b1/k            | NULL                    | false | DELETE_OBJECT         | b1     | k",
      "GET    | 127.0.0.1:9000        | /b1/a%20b%2Bc    | NULL                    | false | GET_OBJECT            | b1     | a b+c",
      "GET    | 127.0.0.1:9000        | /b1/a+b          | NULL                    | false | GET_OBJECT            | b1     | a+b",
      "GET    | 127.0.0.1:9000        | /b1/a//b         | NULL                    | false | GET_OBJECT            | b1     | a//b",
      "GET    | 127.0.0.1:9000        | /b1//a           | NULL                    | false | GET_OBJECT            | b1     | /a",
      "GET    | 127.0.0.1:9000        | /b1/a/           | NULL                    | false | GET_OBJECT            | b1     | a/",
      "GET    | 127.0.0.1:9000        | /b1/%C3%BC/%E2%82%AC | NULL                | false | GET_OBJECT            | b1     | ü/€",
      "GET    | b1.s3.example.com     | /                | NULL                    | false | LIST_OBJECTS          | b1     | NULL",
      "GET    | b1.s3.example.com:9000| /k/x             | NULL                    | false | GET_OBJECT            | b1     | k/x",
      "PUT    | my.dotted.b.localhost | /                | NULL                    | false | CREATE_BUCKET         | my.dotted.b | NULL",
      "GET    | s3.example.com        | /b1/k            | NULL                    | false | GET_OBJECT            | b1     | k",
      "GET    | S3.Example.COM:443    | /                | NULL                    | false | LIST_BUCKETS          | NULL   | NULL",
      "GET    | other.domain.org      | /b1/k            | NULL                    | false | GET_OBJECT            | b1     | k",
  })
  void routesToOperation(String method, String host, String path, String query, boolean copy, S3Operation op,
                         String bucket, String key) {
    RoutedRequest r = route(method, host, path, query, copy);
    assertEquals(op, r.operation());
    assertEquals(bucket, r.bucket());
    assertEquals(key, r.key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"acl", "policy", "cors", "lifecycle", "tagging", "website",
      "encryption", "object-lock", "replication", "logging", "notification", "publicAccessBlock"})
  void unsupportedBucketSubresourcesAreNotImplemented(String sub) {
    S3Exception e = assertThrows(S3Exception.class, () -> route("GET", "h", "/b1", sub, false));
    assertEquals("NotImplemented", e.code());
    assertEquals(501, e.httpStatus());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GET    | tagging",
      "PUT    | acl",
      "GET    | attributes",
      "POST   | restore",
      "POST   | select&select-type=2",
      "GET    | versionId=3HL4kqtJlcpXroDTDmJ",
      "PUT    | retention",
      "PUT    | legal-hold",
  })
  void unsupportedObjectSubresourcesAreNotImplemented(String method, String query) {
    S3Exception e = assertThrows(S3Exception.class, () -> route(method, "h", "/b1/k", query, false));
    assertEquals("NotImplemented", e.code());
  }

  @org.junit.jupiter.api.Test
  void uploadPartWithCopySourceIsUploadPartCopy() {
    assertEquals(S3Operation.UPLOAD_PART_COPY, route("PUT", "h", "/b1/k", "partNumber=1&uploadId=x", true).operation());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PUT    | /b1/k     | uploadId=x   | InvalidArgument",
      "PUT    | /b1/k     | partNumber=2 | InvalidArgument",
      "PUT    | /b1       | versioning   | NotImplemented",
      "POST   | /b1       | ''           | NotImplemented",
      "POST   | /b1/k     | ''           | NotImplemented",
      "PATCH  | /b1/k     | ''           | MethodNotAllowed",
      "PUT    | /         | ''           | MethodNotAllowed",
      "DELETE | /         | ''           | MethodNotAllowed",
      "GET    | /b1       | list-type=3  | InvalidArgument",
      "GET    | /b1/a%zz  | ''           | InvalidURI",
  })
  void rejectsWhatItCannotRoute(String method, String path, String query, String code) {
    S3Exception e = assertThrows(S3Exception.class, () -> route(method, "h", path, query, false));
    assertEquals(code, e.code());
  }
}
