package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS SDK for Java v2 with its default settings (CRC32 in aws-chunked trailers) and with
 * {@code requestChecksumCalculation(WHEN_REQUIRED)}, and the v1 SDK; only endpoint, region,
 * path-style and the credential set.
 */
@ExtendWith(SharedStowage.class)
class JavaSdkIT {
  private static Stowage stowage;
  private static AmazonS3 v1;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
    v1 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(s.endpoint(), Stowage.REGION))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(Stowage.ACCESS_KEY, Stowage.SECRET_KEY)))
        .build();
  }

  @AfterAll
  static void close() {
    if (v1 != null) {
      v1.shutdown();
    }
  }

  static S3Client v2(String endpoint, RequestChecksumCalculation checksums) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(checksums)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(Stowage.ACCESS_KEY, Stowage.SECRET_KEY)))
        .build();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @EnumSource(RequestChecksumCalculation.class)
  void v2PutGetListDeleteAndMultipartSeenThroughSecondGateway(RequestChecksumCalculation checksums) {
    String bucket = "sdk2-" + checksums.name().toLowerCase().replace('_', '-');
    try (S3Client s3 = v2(stowage.endpoint(), checksums);
        S3Client second = v2(stowage.secondEndpoint(), checksums)) {
      s3.createBucket(r -> r.bucket(bucket));
      byte[] small = random(100_000, 1);
      String etag = s3.putObject(r -> r.bucket(bucket).key("a/small.bin").contentType("application/x-test"),
          RequestBody.fromBytes(small)).eTag();
      assertEquals('"' + Tool.md5(small) + '"', etag);
      ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(bucket).key("a/small.bin"));
      assertArrayEquals(small, got.asByteArray());
      assertEquals("application/x-test", got.response().contentType());
      assertNull(got.response().contentEncoding(), "aws-chunked is never stored or returned");

      // 20 MiB in 4 parts of 5 MiB through the multipart calls
      byte[] big = random(20 << 20, 2);
      String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key("a/big.bin")).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      int partSize = 5 << 20;
      for (int n = 1; n <= 4; n++) {
        int part = n;
        byte[] chunk = Arrays.copyOfRange(big, (n - 1) * partSize, n * partSize);
        String partEtag = s3.uploadPart(r -> r.bucket(bucket).key("a/big.bin").uploadId(uploadId).partNumber(part),
            RequestBody.fromBytes(chunk)).eTag();
        assertEquals('"' + Tool.md5(chunk) + '"', partEtag);
        parts.add(CompletedPart.builder().partNumber(part).eTag(partEtag).build());
      }
      String bigEtag = s3.completeMultipartUpload(r -> r.bucket(bucket).key("a/big.bin").uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).eTag();
      assertTrue(bigEtag.endsWith("-4\""), bigEtag);

      assertArrayEquals(big, second.getObjectAsBytes(r -> r.bucket(bucket).key("a/big.bin")).asByteArray(),
          "the second gateway serves the multipart object");
      assertArrayEquals(small, second.getObjectAsBytes(r -> r.bucket(bucket).key("a/small.bin")).asByteArray());
      byte[] range = s3.getObjectAsBytes(r -> r.bucket(bucket).key("a/big.bin")
          .range("bytes=" + (partSize - 10) + "-" + (partSize + 9))).asByteArray();
      assertArrayEquals(Arrays.copyOfRange(big, partSize - 10, partSize + 10), range, "a range across parts");

      s3.putObject(r -> r.bucket(bucket).key("b"), RequestBody.fromString("b"));
      ListObjectsV2Response list = second.listObjectsV2(r -> r.bucket(bucket).prefix("a/"));
      assertEquals(List.of("a/big.bin", "a/small.bin"), list.contents().stream().map(S3Object::key).toList());
      assertEquals(20L << 20, list.contents().get(0).size());

      s3.deleteObject(r -> r.bucket(bucket).key("b"));
      assertThrows(NoSuchKeyException.class, () -> second.headObject(r -> r.bucket(bucket).key("b")));
      var deleted = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(
          ObjectIdentifier.builder().key("a/small.bin").build(), ObjectIdentifier.builder().key("a/big.bin").build())));
      assertEquals(2, deleted.deleted().size(), deleted.toString());
      assertEquals(0, second.listObjectsV2(r -> r.bucket(bucket)).keyCount());
      s3.deleteBucket(r -> r.bucket(bucket));
    }
  }

  @Test
  void v1PutGetListDelete() throws Exception {
    String bucket = "sdk1-bucket";
    v1.createBucket(bucket);
    byte[] body = random(3 << 20, 3);
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentLength(body.length);
    meta.addUserMetadata("colour", "red");
    String etag = v1.putObject(bucket, "x/y.bin", new ByteArrayInputStream(body), meta).getETag();
    assertEquals(Tool.md5(body), etag);
    try (var o = v1.getObject(bucket, "x/y.bin")) {
      assertArrayEquals(body, o.getObjectContent().readAllBytes());
      assertEquals("red", o.getObjectMetadata().getUserMetaDataOf("colour"));
    }
    v1.putObject(bucket, "x/z.txt", "zed");
    ListObjectsV2Result list = v1.listObjectsV2(bucket, "x/");
    assertEquals(List.of("x/y.bin", "x/z.txt"), list.getObjectSummaries().stream().map(S3ObjectSummary::getKey).toList());
    try (S3Client second = v2(stowage.secondEndpoint(), RequestChecksumCalculation.WHEN_SUPPORTED)) {
      assertArrayEquals(body, second.getObjectAsBytes(r -> r.bucket(bucket).key("x/y.bin")).asByteArray());
    }
    v1.deleteObject(bucket, "x/y.bin");
    v1.deleteObject(bucket, "x/z.txt");
    AmazonS3Exception gone = assertThrows(AmazonS3Exception.class, () -> v1.getObjectMetadata(bucket, "x/y.bin"));
    assertEquals(404, gone.getStatusCode());
    v1.deleteBucket(bucket);
  }

  @Test
  void unsupportedSubresourceAnswersNotImplementedOnlyToASignedRequest() throws Exception {
    String bucket = "sdk-unsupported";
    v1.createBucket(bucket);
    try (S3Client s3 = v2(stowage.endpoint(), RequestChecksumCalculation.WHEN_SUPPORTED)) {
      software.amazon.awssdk.services.s3.model.S3Exception e = assertThrows(
          software.amazon.awssdk.services.s3.model.S3Exception.class, () -> s3.getBucketTagging(r -> r.bucket(bucket)));
      assertEquals(501, e.statusCode());
      assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
    }
    var anonymous = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(stowage.endpoint() + "/" + bucket + "?tagging")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(403, anonymous.statusCode(), anonymous.body());
    assertTrue(anonymous.body().contains("<Code>AccessDenied</Code>"), anonymous.body());
    v1.deleteBucket(bucket);
  }
}
