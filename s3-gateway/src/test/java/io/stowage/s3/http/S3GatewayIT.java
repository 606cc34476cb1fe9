package io.stowage.s3.http;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.AmazonS3Exception;
import com.amazonaws.services.s3.model.ObjectListing;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/** The gateway on a real MiniCluster, driven by the AWS SDK v2 (default settings and WHEN_REQUIRED), the v1 SDK and the aws cli. */
class S3GatewayIT {
  private static final String ACCESS = "AKIASTOWAGEIT0001";
  private static final String SECRET = "stowage/it/secret+key0123456789abcdefgh";

  private static MiniCluster cluster;
  private static Vertx vertx;
  private static FdfsClientPool pool;
  private static S3Gateway gateway;
  private static URI endpoint;
  private static S3Client s3;
  private static S3Client s3WhenRequired;
  private static AmazonS3 v1;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().start();
    vertx = Vertx.vertx();
    pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
      JsonObject state = await(cc.clusterState());
      JsonArray groups = state.getJsonArray("groups", new JsonArray());
      return groups.stream().map(g -> (JsonObject) g).flatMap(g -> g.getJsonArray("servers").stream())
          .anyMatch(s -> "ACTIVE".equals(((JsonObject) s).getString("status")));
    });
    await(cc.putCredential(new Credential(ACCESS, SECRET, true, List.of("admin"))));
    gateway = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)));
    endpoint = URI.create("http://127.0.0.1:" + gateway.port());
    s3 = client(ACCESS, SECRET, RequestChecksumCalculation.WHEN_SUPPORTED);
    s3WhenRequired = client(ACCESS, SECRET, RequestChecksumCalculation.WHEN_REQUIRED);
    v1 = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS, SECRET)))
        .build();
  }

  private static S3Client client(String access, String secret, RequestChecksumCalculation checksums) {
    return GatewayItSupport.s3(gateway, access, secret, checksums).build();
  }


  @AfterAll
  static void stop() throws Exception {
    if (v1 != null) {
      v1.shutdown();
    }
    GatewayItSupport.stopAll(cluster, vertx, pool, new S3Gateway[] {gateway}, s3, s3WhenRequired);
  }


  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String md5Hex(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  private static void createBucket(String name) {
    s3.createBucket(r -> r.bucket(name));
  }

  @Test
  void readyWhenTheTrackersAnswer() throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(endpoint.resolve("/_stowage/health/ready")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void bucketsAreCreatedListedAndLocated() {
    createBucket("it-buckets");
    assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("it-buckets")));
    s3.headBucket(r -> r.bucket("it-buckets"));
    assertEquals("", s3.getBucketLocation(r -> r.bucket("it-buckets")).locationConstraintAsString());
    assertEquals(null, s3.getBucketVersioning(r -> r.bucket("it-buckets")).status());
    S3Exception again = assertThrows(S3Exception.class, () -> createBucket("it-buckets"));
    assertEquals("BucketAlreadyOwnedByYou", again.awsErrorDetails().errorCode());
    // Passes the SDK's own DNS-name check, but names starting with xn-- are reserved.
    S3Exception bad = assertThrows(S3Exception.class, () -> createBucket("xn--stowage-it"));
    assertEquals("InvalidBucketName", bad.awsErrorDetails().errorCode());
    s3.deleteBucket(r -> r.bucket("it-buckets"));
    assertThrows(NoSuchBucketException.class, () -> s3.headBucket(r -> r.bucket("it-buckets")));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1024, 5 << 20})
  void putThenGetReturnsSameBytes(int size) throws Exception {
    String bucket = "it-put-" + size;
    createBucket(bucket);
    byte[] data = random(size, size);
    for (S3Client c : List.of(s3, s3WhenRequired)) {
      String key = "dir/object-" + size + (c == s3 ? "-default" : "-when-required");
      PutObjectResponse put = c.putObject(r -> r.bucket(bucket).key(key).contentType("application/x-test")
          .metadata(Map.of("color", "blue")), RequestBody.fromBytes(data));
      assertEquals("\"" + md5Hex(data) + "\"", put.eTag());

      ResponseBytes<GetObjectResponse> got = c.getObjectAsBytes(r -> r.bucket(bucket).key(key));
      assertArrayEquals(data, got.asByteArray());
      assertEquals("\"" + md5Hex(data) + "\"", got.response().eTag());
      assertEquals("application/x-test", got.response().contentType());
      assertEquals(Map.of("color", "blue"), got.response().metadata());
      assertEquals(size, got.response().contentLength());

      HeadObjectResponse head = c.headObject(r -> r.bucket(bucket).key(key));
      assertEquals(size, head.contentLength());
      assertEquals(got.response().eTag(), head.eTag());
      assertTrue(head.lastModified() != null);

      c.deleteObject(r -> r.bucket(bucket).key(key));
      assertThrows(NoSuchKeyException.class, () -> c.headObject(r -> r.bucket(bucket).key(key)));
    }
    s3.deleteBucket(r -> r.bucket(bucket));
  }

  @Test
  void checksumsAreStoredVerifiedAndReturned() {
    createBucket("it-checksums");
    s3.putObject(r -> r.bucket("it-checksums").key("c"), RequestBody.fromString("checksummed"));
    HeadObjectResponse head = s3.headObject(r -> r.bucket("it-checksums").key("c")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
    assertTrue(head.checksumCRC32() != null, "default SDK settings send a CRC32 the gateway keeps");
    // A Content-MD5 that does not match the body: BadDigest, and nothing is stored.
    S3Exception e = assertThrows(S3Exception.class, () -> s3WhenRequired.putObject(r -> r.bucket("it-checksums")
        .key("bad").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("not empty")));
    assertEquals("BadDigest", e.awsErrorDetails().errorCode());
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-checksums").key("bad")));
    // Conditional GET.
    S3Exception notModified = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(r -> r.bucket("it-checksums")
        .key("c").ifNoneMatch(head.eTag())));
    assertEquals(304, notModified.statusCode());
    S3Exception failed = assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(r -> r.bucket("it-checksums")
        .key("c").ifMatch("\"0123\"")));
    assertEquals(412, failed.statusCode());
    s3.deleteObject(r -> r.bucket("it-checksums").key("c"));
    s3.deleteBucket(r -> r.bucket("it-checksums"));
  }

  @Test
  void disabledCredentialStopsWorkingWithinTheCacheTime() {
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential("AKIATEMPORARY", "temporary-secret-123", true)));
    try (S3Client temp = client("AKIATEMPORARY", "temporary-secret-123", RequestChecksumCalculation.WHEN_SUPPORTED)) {
      temp.listBuckets();
      await(cc.putCredential(new Credential("AKIATEMPORARY", "temporary-secret-123", false)));
      Awaitility.await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> {
        try {
          temp.listBuckets();
          return false;
        } catch (S3Exception e) {
          return "InvalidAccessKeyId".equals(e.awsErrorDetails().errorCode());
        }
      });
    }
  }

  /** Files in the FastDFS data directories (data/XX/YY/name) of every storage server. */
  private static long storedFiles() throws IOException {
    long n = 0;
    for (String name : cluster.storageNames()) {
      Path data = cluster.dir().resolve(name).resolve("data");
      if (!Files.isDirectory(data)) {
        continue;
      }
      try (var walk = Files.walk(data)) {
        n += walk.filter(Files::isRegularFile).filter(f -> {
          Path rel = data.relativize(f);
          return rel.getNameCount() == 3 && rel.getName(0).toString().matches("[0-9A-Fa-f]{2}")
              && rel.getName(1).toString().matches("[0-9A-Fa-f]{2}");
        }).count();
      }
    }
    return n;
  }

  private static void awaitStoredFiles(long expected) {
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
        .until(() -> storedFiles() == expected);
  }

  @Test
  void failedUploadsLeaveNoObjectAndNoFile() throws Exception {
    createBucket("it-guard");
    // larger than inline_max_size, so it has a file to count
    String keep = "keep me" + ".".repeat(20_000);
    s3.putObject(r -> r.bucket("it-guard").key("keep"), RequestBody.fromString(keep));
    awaitStoredFiles(storedFiles());
    long before = storedFiles();
    byte[] body = random(200_000, 9);
    try (S3Presigner presigner = presigner()) {
      URI put = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(p -> p.bucket("it-guard").key("bad"))).url().toURI();
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      // A checksum header that does not match: stored first (streamed), then found wrong and removed.
      java.net.http.HttpResponse<String> crc = http.send(java.net.http.HttpRequest.newBuilder(put)
          .header("x-amz-checksum-crc32", "AAAAAA==")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(400, crc.statusCode(), crc.body());
      assertTrue(crc.body().contains("<Code>BadDigest</Code>"), crc.body());
      // A wrong Content-MD5: the same.
      java.net.http.HttpResponse<String> md5 = http.send(java.net.http.HttpRequest.newBuilder(put)
          .header("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(400, md5.statusCode(), md5.body());
      assertTrue(md5.body().contains("<Code>BadDigest</Code>"), md5.body());
      // A client that goes away in the middle of the body.
      try (java.net.Socket sock = new java.net.Socket("127.0.0.1", gateway.port())) {
        String target = put.getRawPath() + "?" + put.getRawQuery();
        sock.getOutputStream().write(("PUT " + target + " HTTP/1.1\r\nHost: " + put.getHost() + ":" + put.getPort()
            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        sock.getOutputStream().write(body, 0, body.length / 2);
        sock.getOutputStream().flush();
        Thread.sleep(200);
      }
    }
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-guard").key("bad")));
    awaitStoredFiles(before);
    assertEquals(keep, s3.getObjectAsBytes(r -> r.bucket("it-guard").key("keep")).asUtf8String());
    // Overwrite and delete remove the replaced files too.
    s3.putObject(r -> r.bucket("it-guard").key("keep"), RequestBody.fromString("replaced" + keep));
    awaitStoredFiles(before);
    s3.deleteObject(r -> r.bucket("it-guard").key("keep"));
    awaitStoredFiles(before - 1);
    s3.deleteBucket(r -> r.bucket("it-guard"));
  }

  private static S3Presigner presigner() {
    return GatewayItSupport.presigner(gateway, ACCESS, SECRET);
  }

  /** PUT with STREAMING-UNSIGNED-PAYLOAD-TRAILER (what the SDKs send over HTTPS), signed by hand. */
  private static java.net.http.HttpResponse<String> putUnsignedTrailer(String bucket, String key, byte[] data,
                                                                       String crc32) throws Exception {
    String path = "/" + bucket + "/" + key;
    java.time.Instant now = java.time.Instant.now();
    String amzDate = io.stowage.s3.auth.RequestTime.formatAmzDate(now);
    String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += 65536) {
      int n = Math.min(65536, data.length - off);
      body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      body.write(data, off, n);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes(("0\r\nx-amz-checksum-crc32:" + crc32 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    io.vertx.core.MultiMap h = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("content-encoding", "aws-chunked")
        .add("host", "127.0.0.1:" + gateway.port())
        .add("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        .add("x-amz-date", amzDate)
        .add("x-amz-decoded-content-length", Integer.toString(data.length))
        .add("x-amz-trailer", "x-amz-checksum-crc32");
    List<String> signed = List.of("content-encoding", "host", "x-amz-content-sha256", "x-amz-date",
        "x-amz-decoded-content-length", "x-amz-trailer");
    String canonical = io.stowage.s3.auth.SigV4.canonicalRequest("PUT", io.stowage.s3.auth.SigV4.canonicalUri(path),
        "", h, signed, "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    String sig = io.stowage.s3.auth.SigV4.signature(io.stowage.s3.auth.SigV4.deriveSigningKey(SECRET,
        amzDate.substring(0, 8), "us-east-1", "s3"), io.stowage.s3.auth.SigV4.stringToSign(amzDate, scope, canonical));
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(endpoint.resolve(path))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS + "/" + scope + ", SignedHeaders="
            + String.join(";", signed) + ", Signature=" + sig)
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    for (String name : signed) {
      if (!name.equals("host")) {
        b.header(name, h.get(name));
      }
    }
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /**
   * PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD, signed by hand, in 64 KiB chunks; with {@code badFinal}
   * the final (empty) chunk carries a wrong signature, after every data byte was sent.
   */
  private static java.net.http.HttpResponse<String> putSignedStreaming(String bucket, String key, String rawQuery,
                                                                       byte[] data, boolean badFinal) throws Exception {
    String path = "/" + bucket + "/" + key;
    java.time.Instant now = java.time.Instant.now();
    String amzDate = io.stowage.s3.auth.RequestTime.formatAmzDate(now);
    String date = amzDate.substring(0, 8);
    String scope = date + "/us-east-1/s3/aws4_request";
    String mode = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    io.vertx.core.MultiMap h = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("content-encoding", "aws-chunked")
        .add("host", "127.0.0.1:" + gateway.port())
        .add("x-amz-content-sha256", mode)
        .add("x-amz-date", amzDate)
        .add("x-amz-decoded-content-length", Integer.toString(data.length));
    List<String> signed = List.of("content-encoding", "host", "x-amz-content-sha256", "x-amz-date",
        "x-amz-decoded-content-length");
    String canonical = io.stowage.s3.auth.SigV4.canonicalRequest("PUT", io.stowage.s3.auth.SigV4.canonicalUri(path),
        io.stowage.s3.auth.SigV4.canonicalQuery(rawQuery, null), h, signed, mode);
    byte[] key4 = io.stowage.s3.auth.SigV4.deriveSigningKey(SECRET, date, "us-east-1", "s3");
    String seed = io.stowage.s3.auth.SigV4.signature(key4, io.stowage.s3.auth.SigV4.stringToSign(amzDate, scope, canonical));
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    String prev = seed;
    for (int off = 0; ; off += 65536) {
      int n = Math.max(0, Math.min(65536, data.length - off));
      byte[] chunk = java.util.Arrays.copyOfRange(data, Math.min(off, data.length), Math.min(off, data.length) + n);
      String sig = io.stowage.s3.auth.SigV4.signature(key4, io.stowage.s3.auth.SigV4.chunkStringToSign(amzDate, scope,
          prev, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk))));
      if (n == 0 && badFinal) {
        sig = "0".repeat(64);
      }
      body.writeBytes((Integer.toHexString(n) + ";chunk-signature=" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
      body.write(chunk, 0, n);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      prev = sig;
      if (n == 0) {
        break;
      }
    }
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
            endpoint.resolve(path + (rawQuery == null ? "" : "?" + rawQuery)))
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS + "/" + scope + ", SignedHeaders="
            + String.join(";", signed) + ", Signature=" + seed)
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    for (String name : signed) {
      if (!name.equals("host")) {
        b.header(name, h.get(name));
      }
    }
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void smallSignedStreamingBodiesAreVerifiedBeforeTheyAreStoredInline() throws Exception {
    createBucket("it-chunksig-small");
    byte[] data = random(3_000, 32);
    java.net.http.HttpResponse<String> ok = putSignedStreaming("it-chunksig-small", "good", null, data, false);
    assertEquals(200, ok.statusCode(), ok.body());
    assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("it-chunksig-small").key("good")).asByteArray());
    java.net.http.HttpResponse<String> bad = putSignedStreaming("it-chunksig-small", "bad", null, data, true);
    assertEquals(403, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("<Code>SignatureDoesNotMatch</Code>"), bad.body());
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-chunksig-small").key("bad")));
    s3.deleteObject(r -> r.bucket("it-chunksig-small").key("good"));
    s3.deleteBucket(r -> r.bucket("it-chunksig-small"));
  }

  @Test
  void badFinalChunkSignatureLeavesNoFile() throws Exception {
    createBucket("it-chunksig");
    awaitStoredFiles(storedFiles());
    long before = storedFiles();
    byte[] data = random(200_000, 31);
    java.net.http.HttpResponse<String> ok = putSignedStreaming("it-chunksig", "good", null, data, false);
    assertEquals(200, ok.statusCode(), ok.body());
    assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("it-chunksig").key("good")).asByteArray());
    awaitStoredFiles(before + 1);
    for (int i = 0; i < 3; i++) {
      java.net.http.HttpResponse<String> bad = putSignedStreaming("it-chunksig", "bad", null, data, true);
      assertEquals(403, bad.statusCode(), bad.body());
      assertTrue(bad.body().contains("<Code>SignatureDoesNotMatch</Code>"), bad.body());
    }
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-chunksig").key("bad")));
    // UploadPart: the same guard.
    String uploadId = s3.createMultipartUpload(r -> r.bucket("it-chunksig").key("mp")).uploadId();
    for (int i = 0; i < 3; i++) {
      java.net.http.HttpResponse<String> bad = putSignedStreaming("it-chunksig", "mp",
          "partNumber=1&uploadId=" + uploadId, data, true);
      assertEquals(403, bad.statusCode(), bad.body());
      assertTrue(bad.body().contains("<Code>SignatureDoesNotMatch</Code>"), bad.body());
    }
    assertTrue(s3.listParts(r -> r.bucket("it-chunksig").key("mp").uploadId(uploadId)).parts().isEmpty());
    Thread.sleep(500);
    awaitStoredFiles(before + 1);
    assertEquals(before + 1, storedFiles());
    s3.abortMultipartUpload(r -> r.bucket("it-chunksig").key("mp").uploadId(uploadId));
    s3.deleteObject(r -> r.bucket("it-chunksig").key("good"));
    awaitStoredFiles(before);
    s3.deleteBucket(r -> r.bucket("it-chunksig"));
  }

  @Test
  void unsignedTrailerUploadsAreVerified() throws Exception {
    createBucket("it-trailer");
    byte[] data = random(200_000, 13);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    String good = java.util.Base64.getEncoder().encodeToString(
        java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    java.net.http.HttpResponse<String> ok = putUnsignedTrailer("it-trailer", "t", data, good);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(good, ok.headers().firstValue("x-amz-checksum-crc32").orElse(null));
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("it-trailer").key("t")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
    assertArrayEquals(data, got.asByteArray());
    assertEquals(good, got.response().checksumCRC32());
    assertEquals(null, got.response().contentEncoding(), "aws-chunked is never stored or returned");

    java.net.http.HttpResponse<String> bad = putUnsignedTrailer("it-trailer", "t2", data, "AAAAAA==");
    assertEquals(400, bad.statusCode(), bad.body());
    assertTrue(bad.body().contains("<Code>BadDigest</Code>"), bad.body());
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-trailer").key("t2")));
    s3.deleteObject(r -> r.bucket("it-trailer").key("t"));
    s3.deleteBucket(r -> r.bucket("it-trailer"));
  }

  @Test
  void sdkV1WithSigV2() throws Exception {
    AmazonS3 v2sig = AmazonS3ClientBuilder.standard()
        .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
        .withPathStyleAccessEnabled(true)
        .withClientConfiguration(new com.amazonaws.ClientConfiguration().withSignerOverride("S3SignerType"))
        .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(ACCESS, SECRET)))
        .build();
    try {
      v2sig.createBucket("it-sigv2");
      v2sig.putObject("it-sigv2", "a b/ü", "sigv2 body");
      assertEquals("sigv2 body", v2sig.getObjectAsString("it-sigv2", "a b/ü"));
      assertEquals(List.of("a b/ü"), v2sig.listObjects("it-sigv2").getObjectSummaries().stream()
          .map(o -> o.getKey()).toList());
      v2sig.deleteObject("it-sigv2", "a b/ü");
      v2sig.deleteBucket("it-sigv2");
    } finally {
      v2sig.shutdown();
    }
  }

  @Test
  void grantsLimitWhatACredentialMayDo() {
    createBucket("it-grants");
    createBucket("it-grants-other");
    s3.putObject(r -> r.bucket("it-grants").key("k"), RequestBody.fromString("readable"));
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential("AKIAREADER", "reader-secret-123", true, List.of("bucket:it-grants:read"))));
    try (S3Client reader = client("AKIAREADER", "reader-secret-123", RequestChecksumCalculation.WHEN_SUPPORTED)) {
      assertEquals("readable", reader.getObjectAsBytes(r -> r.bucket("it-grants").key("k")).asUtf8String());
      assertEquals(1, reader.listObjectsV2(r -> r.bucket("it-grants")).keyCount());
      assertEquals(List.of("it-grants"), reader.listBuckets().buckets().stream().map(b -> b.name()).toList());
      S3Exception put = assertThrows(S3Exception.class,
          () -> reader.putObject(r -> r.bucket("it-grants").key("w"), RequestBody.fromString("no")));
      assertEquals("AccessDenied", put.awsErrorDetails().errorCode());
      S3Exception other = assertThrows(S3Exception.class,
          () -> reader.listObjectsV2(r -> r.bucket("it-grants-other")));
      assertEquals("AccessDenied", other.awsErrorDetails().errorCode());
      assertThrows(S3Exception.class, () -> reader.deleteObject(r -> r.bucket("it-grants").key("k")));
    }
    s3.deleteObject(r -> r.bucket("it-grants").key("k"));
    s3.deleteBucket(r -> r.bucket("it-grants"));
    s3.deleteBucket(r -> r.bucket("it-grants-other"));
  }

  @Test
  void secondGatewayWithVirtualHostedStyleSeesTheSameObjects() throws Exception {
    S3Gateway second = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)
        .withBaseDomains(List.of("s3.stowage.test"))));
    try (S3Client vhost = S3Client.builder()
        .endpointOverride(URI.create("http://s3.stowage.test:" + second.port()))
        .region(Region.US_EAST_1)
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
            .dnsResolver(host -> new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()}))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
        .build()) {
      createBucket("it-vhost");
      s3.putObject(r -> r.bucket("it-vhost").key("via/first"), RequestBody.fromString("written through gateway 1"));
      assertEquals("written through gateway 1",
          vhost.getObjectAsBytes(r -> r.bucket("it-vhost").key("via/first")).asUtf8String());
      vhost.putObject(r -> r.bucket("it-vhost").key("via/second"), RequestBody.fromString("written through gateway 2"));
      assertEquals("written through gateway 2",
          s3.getObjectAsBytes(r -> r.bucket("it-vhost").key("via/second")).asUtf8String());
      assertEquals(List.of("via/first", "via/second"), vhost.listObjectsV2(r -> r.bucket("it-vhost")).contents()
          .stream().map(S3Object::key).toList());
      vhost.deleteObjects(r -> r.bucket("it-vhost").delete(d -> d.objects(ObjectIdentifier.builder().key("via/first")
          .build(), ObjectIdentifier.builder().key("via/second").build())));
      vhost.deleteBucket(r -> r.bucket("it-vhost"));
      assertThrows(NoSuchBucketException.class, () -> s3.headBucket(r -> r.bucket("it-vhost")));
    } finally {
      await(second.stop());
    }
  }

  /**
   * Streams an object through PUT and GET without holding it: 96 MiB by default; run with
   * {@code -Dstowage.it.largeBytes=2147483648} to push more than the test JVM's heap through.
   */
  @Test
  void largeObjectsStreamThrough() throws Exception {
    createBucket("it-large");
    long size = Long.getLong("stowage.it.largeBytes", 96L << 20);
    MessageDigest sent = MessageDigest.getInstance("MD5");
    InputStream source = new java.security.DigestInputStream(new InputStream() {
      private final Random random = new Random(42);
      private long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        byte[] chunk = new byte[n];
        random.nextBytes(chunk);
        System.arraycopy(chunk, 0, b, off, n);
        left -= n;
        return n;
      }
    }, sent);
    s3.putObject(r -> r.bucket("it-large").key("big"), RequestBody.fromInputStream(source, size));
    String sentMd5 = HexFormat.of().formatHex(sent.digest());
    MessageDigest received = MessageDigest.getInstance("MD5");
    long n = 0;
    try (InputStream in = s3.getObject(r -> r.bucket("it-large").key("big"))) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        received.update(buf, 0, r);
        n += r;
      }
    }
    assertEquals(size, n);
    assertEquals(sentMd5, HexFormat.of().formatHex(received.digest()));
    assertEquals("\"" + sentMd5 + "\"", s3.headObject(r -> r.bucket("it-large").key("big")).eTag());
    s3.deleteObject(r -> r.bucket("it-large").key("big"));
    s3.deleteBucket(r -> r.bucket("it-large"));
  }

  @Test
  void multipartUploadCompletesIntoOneObject() throws Exception {
    createBucket("it-mpu");
    long before = storedFiles();
    byte[] data = random((5 << 20) * 2 + (1 << 20) + 17, 21);
    int[] bounds = {0, 5 << 20, 10 << 20, data.length};
    String uploadId = s3.createMultipartUpload(r -> r.bucket("it-mpu").key("big/obj").contentType("application/x-mp")
        .metadata(Map.of("mp", "yes"))).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
    MessageDigest partMd5s = MessageDigest.getInstance("MD5");
    for (int i = 0; i < 3; i++) {
      int n = i + 1;
      byte[] part = java.util.Arrays.copyOfRange(data, bounds[i], bounds[i + 1]);
      partMd5s.update(MessageDigest.getInstance("MD5").digest(part));
      var up = s3.uploadPart(r -> r.bucket("it-mpu").key("big/obj").uploadId(uploadId).partNumber(n),
          RequestBody.fromBytes(part));
      assertEquals("\"" + md5Hex(part) + "\"", up.eTag());
      done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(up.eTag())
          .checksumCRC32(up.checksumCRC32()).build());
    }
    assertEquals(List.of(1, 2, 3), s3.listParts(r -> r.bucket("it-mpu").key("big/obj").uploadId(uploadId)).parts()
        .stream().map(p -> p.partNumber()).toList());
    assertEquals(List.of(uploadId), s3.listMultipartUploads(r -> r.bucket("it-mpu")).uploads().stream()
        .map(u -> u.uploadId()).toList());
    assertEquals(0, s3.listObjectsV2(r -> r.bucket("it-mpu")).keyCount(), "uploads are not objects");

    var complete = s3.completeMultipartUpload(r -> r.bucket("it-mpu").key("big/obj").uploadId(uploadId)
        .multipartUpload(m -> m.parts(done)));
    String expectedEtag = "\"" + HexFormat.of().formatHex(partMd5s.digest()) + "-3\"";
    assertEquals(expectedEtag, complete.eTag());
    assertTrue(s3.listMultipartUploads(r -> r.bucket("it-mpu")).uploads().isEmpty());

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("it-mpu").key("big/obj"));
    assertArrayEquals(data, got.asByteArray());
    assertEquals(expectedEtag, got.response().eTag());
    assertEquals("application/x-mp", got.response().contentType());
    assertEquals(Map.of("mp", "yes"), got.response().metadata());
    // A range across the boundary of parts 1 and 2.
    int from = (5 << 20) - 10;
    assertArrayEquals(java.util.Arrays.copyOfRange(data, from, from + 30), s3.getObjectAsBytes(r -> r.bucket("it-mpu")
        .key("big/obj").range("bytes=" + from + "-" + (from + 29))).asByteArray());
    // One part by number.
    ResponseBytes<GetObjectResponse> part2 = s3.getObjectAsBytes(r -> r.bucket("it-mpu").key("big/obj").partNumber(2));
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 5 << 20, 10 << 20), part2.asByteArray());
    assertEquals(3, part2.response().partsCount());
    assertEquals(416, assertThrows(S3Exception.class, () -> s3.getObjectAsBytes(r -> r.bucket("it-mpu")
        .key("big/obj").partNumber(4))).statusCode());
    // Copying a multipart object gives a plain object with the MD5 of the bytes as ETag.
    CopyObjectResponse copy = s3.copyObject(r -> r.sourceBucket("it-mpu").sourceKey("big/obj")
        .destinationBucket("it-mpu").destinationKey("copy"));
    assertEquals("\"" + md5Hex(data) + "\"", copy.copyObjectResult().eTag());
    assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("it-mpu").key("copy")).asByteArray());

    // UploadPartCopy: a new object from two ranges of the multipart one.
    String copyUpload = s3.createMultipartUpload(r -> r.bucket("it-mpu").key("assembled")).uploadId();
    var c1 = s3.uploadPartCopy(r -> r.sourceBucket("it-mpu").sourceKey("big/obj").destinationBucket("it-mpu")
        .destinationKey("assembled").uploadId(copyUpload).partNumber(1).copySourceRange("bytes=0-" + ((5 << 20) + 9)));
    var c2 = s3.uploadPartCopy(r -> r.sourceBucket("it-mpu").sourceKey("big/obj").destinationBucket("it-mpu")
        .destinationKey("assembled").uploadId(copyUpload).partNumber(2).copySourceRange("bytes=100-199"));
    s3.completeMultipartUpload(r -> r.bucket("it-mpu").key("assembled").uploadId(copyUpload)
        .multipartUpload(m -> m.parts(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1)
                .eTag(c1.copyPartResult().eTag()).build(),
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2)
                .eTag(c2.copyPartResult().eTag()).build())));
    byte[] assembled = s3.getObjectAsBytes(r -> r.bucket("it-mpu").key("assembled")).asByteArray();
    java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
    expected.write(data, 0, (5 << 20) + 10);
    expected.write(data, 100, 100);
    assertArrayEquals(expected.toByteArray(), assembled);

    s3.deleteObject(r -> r.bucket("it-mpu").key("assembled"));
    s3.deleteObject(r -> r.bucket("it-mpu").key("big/obj"));
    s3.deleteObject(r -> r.bucket("it-mpu").key("copy"));
    awaitStoredFiles(before);
    s3.deleteBucket(r -> r.bucket("it-mpu"));
  }

  private static byte[] crc32(byte[] b) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b);
    return java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
  }

  @Test
  void multipartCompositeCrc32() throws Exception {
    createBucket("it-mpu-crc");
    long before = storedFiles();
    byte[] data = random((5 << 20) + 12_345, 41);
    int[] bounds = {0, 5 << 20, data.length};
    String uploadId = s3.createMultipartUpload(r -> r.bucket("it-mpu-crc").key("k")
        .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream partSums = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 2; i++) {
      int n = i + 1;
      byte[] part = java.util.Arrays.copyOfRange(data, bounds[i], bounds[i + 1]);
      String partCrc = java.util.Base64.getEncoder().encodeToString(crc32(part));
      partSums.writeBytes(crc32(part));
      var up = s3.uploadPart(r -> r.bucket("it-mpu-crc").key("k").uploadId(uploadId).partNumber(n)
          .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32), RequestBody.fromBytes(part));
      assertEquals(partCrc, up.checksumCRC32());
      done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(up.eTag())
          .checksumCRC32(up.checksumCRC32()).build());
    }
    String expected = java.util.Base64.getEncoder().encodeToString(crc32(partSums.toByteArray())) + "-2";
    assertEquals(List.of(done.get(0).checksumCRC32(), done.get(1).checksumCRC32()),
        s3.listParts(r -> r.bucket("it-mpu-crc").key("k").uploadId(uploadId)).parts().stream()
            .map(p -> p.checksumCRC32()).toList());
    // A part checksum that does not match the stored one: InvalidPart.
    var wrong = software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2)
        .eTag(done.get(1).eTag()).checksumCRC32("AAAAAA==").build();
    S3Exception invalid = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket("it-mpu-crc")
        .key("k").uploadId(uploadId).multipartUpload(m -> m.parts(done.get(0), wrong))));
    assertEquals("InvalidPart", invalid.awsErrorDetails().errorCode());

    var complete = s3.completeMultipartUpload(r -> r.bucket("it-mpu-crc").key("k").uploadId(uploadId)
        .multipartUpload(m -> m.parts(done)));
    assertEquals(expected, complete.checksumCRC32());
    assertEquals(software.amazon.awssdk.services.s3.model.ChecksumType.COMPOSITE, complete.checksumType());
    HeadObjectResponse head = s3.headObject(r -> r.bucket("it-mpu-crc").key("k")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
    assertEquals(expected, head.checksumCRC32());
    assertEquals(software.amazon.awssdk.services.s3.model.ChecksumType.COMPOSITE, head.checksumType());
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("it-mpu-crc").key("k")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
    assertArrayEquals(data, got.asByteArray());
    assertEquals(expected, got.response().checksumCRC32());
    assertEquals(null, s3.headObject(r -> r.bucket("it-mpu-crc").key("k")).checksumCRC32(),
        "checksums only with x-amz-checksum-mode: ENABLED");
    s3.deleteObject(r -> r.bucket("it-mpu-crc").key("k"));
    awaitStoredFiles(before);
    s3.deleteBucket(r -> r.bucket("it-mpu-crc"));
  }

  @Test
  void multipartFullObjectCrc32() throws Exception {
    createBucket("it-mpu-full");
    byte[] data = random((5 << 20) + 777, 43);
    int[] bounds = {0, 5 << 20, data.length};
    var created = s3.createMultipartUpload(r -> r.bucket("it-mpu-full").key("k")
        .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)
        .checksumType(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT));
    List<software.amazon.awssdk.services.s3.model.CompletedPart> done = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int n = i + 1;
      byte[] part = java.util.Arrays.copyOfRange(data, bounds[i], bounds[i + 1]);
      var up = s3.uploadPart(r -> r.bucket("it-mpu-full").key("k").uploadId(created.uploadId()).partNumber(n)
          .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32), RequestBody.fromBytes(part));
      done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(up.eTag())
          .checksumCRC32(up.checksumCRC32()).build());
    }
    String expected = java.util.Base64.getEncoder().encodeToString(crc32(data));
    var complete = s3.completeMultipartUpload(r -> r.bucket("it-mpu-full").key("k").uploadId(created.uploadId())
        .multipartUpload(m -> m.parts(done)));
    assertEquals(expected, complete.checksumCRC32());
    assertEquals(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT, complete.checksumType());
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("it-mpu-full").key("k")
        .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
    assertArrayEquals(data, got.asByteArray());
    assertEquals(expected, got.response().checksumCRC32());
    assertEquals(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT, got.response().checksumType());
    // FULL_OBJECT is for CRCs only.
    S3Exception bad = assertThrows(S3Exception.class, () -> s3.createMultipartUpload(r -> r.bucket("it-mpu-full")
        .key("x").checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256)
        .checksumType(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT)));
    assertEquals("InvalidRequest", bad.awsErrorDetails().errorCode());
    s3.deleteObject(r -> r.bucket("it-mpu-full").key("k"));
    s3.deleteBucket(r -> r.bucket("it-mpu-full"));
  }

  @Test
  void multipartErrorsAndAbort() throws Exception {
    createBucket("it-mpu-err");
    long before = storedFiles();
    String uploadId = s3.createMultipartUpload(r -> r.bucket("it-mpu-err").key("k")).uploadId();
    var p1 = s3.uploadPart(r -> r.bucket("it-mpu-err").key("k").uploadId(uploadId).partNumber(1),
        RequestBody.fromString("small"));
    var p2 = s3.uploadPart(r -> r.bucket("it-mpu-err").key("k").uploadId(uploadId).partNumber(2),
        RequestBody.fromString("last"));
    S3Exception small = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket("it-mpu-err")
        .key("k").uploadId(uploadId).multipartUpload(m -> m.parts(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag(p1.eTag()).build(),
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2).eTag(p2.eTag()).build()))));
    assertEquals("EntityTooSmall", small.awsErrorDetails().errorCode());
    S3Exception badPart = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket("it-mpu-err")
        .key("k").uploadId(uploadId).multipartUpload(m -> m.parts(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag("\"00\"").build()))));
    assertEquals("InvalidPart", badPart.awsErrorDetails().errorCode());
    S3Exception order = assertThrows(S3Exception.class, () -> s3.completeMultipartUpload(r -> r.bucket("it-mpu-err")
        .key("k").uploadId(uploadId).multipartUpload(m -> m.parts(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2).eTag(p2.eTag()).build(),
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag(p1.eTag()).build()))));
    assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
    s3.abortMultipartUpload(r -> r.bucket("it-mpu-err").key("k").uploadId(uploadId));
    S3Exception gone = assertThrows(S3Exception.class, () -> s3.listParts(r -> r.bucket("it-mpu-err").key("k")
        .uploadId(uploadId)));
    assertEquals("NoSuchUpload", gone.awsErrorDetails().errorCode());
    assertThrows(S3Exception.class, () -> s3.uploadPart(r -> r.bucket("it-mpu-err").key("k").uploadId(uploadId)
        .partNumber(3), RequestBody.fromString("late")));
    awaitStoredFiles(before);
    assertThrows(NoSuchKeyException.class, () -> s3.headObject(r -> r.bucket("it-mpu-err").key("k")));
    // Deleting the bucket aborts uploads still in progress, parts and all.
    String pending = s3.createMultipartUpload(r -> r.bucket("it-mpu-err").key("pending")).uploadId();
    s3.uploadPart(r -> r.bucket("it-mpu-err").key("pending").uploadId(pending).partNumber(1),
        RequestBody.fromString("part of an upload nobody completes"));
    s3.deleteBucket(r -> r.bucket("it-mpu-err"));
    awaitStoredFiles(before);
  }

  @Test
  void awsCliUploadsLargeFilesInParts(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("aws"), "aws cli is not installed: skipping the aws cli test");
    createBucket("it-cli-mpu");
    byte[] data = random((20 << 20) + 5, 23);
    Path src = Files.write(dir.resolve("big.bin"), data);
    cli(dir, "s3", "cp", src.toString(), "s3://it-cli-mpu/big.bin");
    String etag = s3.headObject(r -> r.bucket("it-cli-mpu").key("big.bin")).eTag();
    assertTrue(etag.endsWith("-3\""), "the aws cli uploads 20 MiB in 8 MiB parts: " + etag);
    Path back = dir.resolve("back.bin");
    cli(dir, "s3", "cp", "s3://it-cli-mpu/big.bin", back.toString());
    assertEquals(md5Hex(data), md5Hex(Files.readAllBytes(back)));
    cli(dir, "s3", "rm", "s3://it-cli-mpu/big.bin");
    s3.deleteBucket(r -> r.bucket("it-cli-mpu"));
  }

  @Test
  void publicReadBucketsAreReadableAnonymously() throws Exception {
    createBucket("it-public");
    createBucket("it-private");
    s3.putObject(r -> r.bucket("it-public").key("open"), RequestBody.fromString("for everyone"));
    s3.putObject(r -> r.bucket("it-private").key("closed"), RequestBody.fromString("not for you"));
    ClusterClient cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    await(cc.putCredential(new Credential("AKIAPUBLISHER", "publisher-secret-1", true,
        List.of("admin", "public-read:it-public"))));
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    Awaitility.await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() ->
        http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/it-public/open")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    java.net.http.HttpResponse<String> get = http.send(java.net.http.HttpRequest.newBuilder(
        endpoint.resolve("/it-public/open")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals("for everyone", get.body());
    java.net.http.HttpResponse<String> list = http.send(java.net.http.HttpRequest.newBuilder(
        endpoint.resolve("/it-public?list-type=2")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(list.body().contains("<Key>open</Key>"), list.body());
    assertEquals(403, http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/it-private/closed")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(403, http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/it-public/new"))
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(403, http.send(java.net.http.HttpRequest.newBuilder(endpoint.resolve("/")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    await(cc.putCredential(new Credential("AKIAPUBLISHER", "publisher-secret-1", true, List.of("admin"))));
    s3.deleteObject(r -> r.bucket("it-public").key("open"));
    s3.deleteObject(r -> r.bucket("it-private").key("closed"));
    s3.deleteBucket(r -> r.bucket("it-public"));
    s3.deleteBucket(r -> r.bucket("it-private"));
  }

  @Test
  void overwriteReplacesContent() {
    createBucket("it-overwrite");
    s3.putObject(r -> r.bucket("it-overwrite").key("k"), RequestBody.fromString("first"));
    s3.putObject(r -> r.bucket("it-overwrite").key("k"), RequestBody.fromString("second version"));
    assertEquals("second version", s3.getObjectAsBytes(r -> r.bucket("it-overwrite").key("k")).asUtf8String());
    s3.deleteObject(r -> r.bucket("it-overwrite").key("k"));
    s3.deleteBucket(r -> r.bucket("it-overwrite"));
  }

  @Test
  void rangedGetsReturnTheSlice() {
    createBucket("it-range");
    byte[] data = random(1000, 7);
    s3.putObject(r -> r.bucket("it-range").key("r"), RequestBody.fromBytes(data));
    ResponseBytes<GetObjectResponse> mid = s3.getObjectAsBytes(r -> r.bucket("it-range").key("r").range("bytes=10-19"));
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 10, 20), mid.asByteArray());
    assertEquals("bytes 10-19/1000", mid.response().contentRange());
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 900, 1000),
        s3.getObjectAsBytes(r -> r.bucket("it-range").key("r").range("bytes=-100")).asByteArray());
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 995, 1000),
        s3.getObjectAsBytes(r -> r.bucket("it-range").key("r").range("bytes=995-")).asByteArray());
    assertArrayEquals(data, s3.getObjectAsBytes(r -> r.bucket("it-range").key("r").partNumber(1)).asByteArray());
    S3Exception e = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(r -> r.bucket("it-range").key("r").range("bytes=1000-")));
    assertEquals(416, e.statusCode());
    assertEquals("InvalidRange", e.awsErrorDetails().errorCode());
    s3.deleteObject(r -> r.bucket("it-range").key("r"));
    s3.deleteBucket(r -> r.bucket("it-range"));
  }

  @Test
  void listV2WithPrefixDelimiterAndPages() {
    createBucket("it-list");
    List<String> keys = List.of("a/1", "a/2", "a/b/3", "b/1", "c", "d", "e/x/y", "ü/€", "a b", "a+b");
    for (String k : keys) {
      s3.putObject(r -> r.bucket("it-list").key(k), RequestBody.fromString(k));
    }
    ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket("it-list").delimiter("/"));
    assertEquals(List.of("a b", "a+b", "c", "d"), top.contents().stream().map(S3Object::key).toList());
    assertEquals(List.of("a/", "b/", "e/", "ü/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    assertEquals(8, top.keyCount());
    assertFalse(top.isTruncated());

    ListObjectsV2Response underA = s3.listObjectsV2(r -> r.bucket("it-list").prefix("a/").delimiter("/"));
    assertEquals(List.of("a/1", "a/2"), underA.contents().stream().map(S3Object::key).toList());
    assertEquals(List.of("a/b/"), underA.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

    // Pages of 3 with a delimiter: every key and prefix exactly once, in order.
    StringBuilder seen = new StringBuilder();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket("it-list").delimiter("/").maxKeys(3)
          .continuationToken(t));
      page.contents().forEach(o -> seen.append(o.key()).append(';'));
      page.commonPrefixes().forEach(p -> seen.append(p.prefix()).append(';'));
      token = page.nextContinuationToken();
      pages++;
      assertTrue(page.keyCount() <= 3);
    } while (token != null);
    assertEquals(3, pages);
    String all = seen.toString();
    for (String expected : List.of("a b;", "a+b;", "c;", "d;", "a/;", "b/;", "e/;", "ü/;")) {
      assertEquals(all.indexOf(expected), all.lastIndexOf(expected), expected);
      assertTrue(all.contains(expected), expected);
    }

    ListObjectsV2Response flat = s3.listObjectsV2(r -> r.bucket("it-list"));
    assertEquals(keys.stream().sorted((x, y) -> java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
        y.getBytes(StandardCharsets.UTF_8))).toList(), flat.contents().stream().map(S3Object::key).toList());

    var versions = s3.listObjectVersions(r -> r.bucket("it-list").prefix("a/"));
    assertEquals(List.of("a/1", "a/2", "a/b/3"), versions.versions().stream().map(v -> v.key()).toList());
    assertTrue(versions.versions().stream().allMatch(v -> v.isLatest() && "null".equals(v.versionId())));

    DeleteObjectsResponse del = s3.deleteObjects(r -> r.bucket("it-list").delete(Delete.builder()
        .objects(keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList()).build()));
    assertEquals(keys.size(), del.deleted().size());
    assertEquals(0, s3.listObjectsV2(r -> r.bucket("it-list")).keyCount());
    s3.deleteBucket(r -> r.bucket("it-list"));
  }

  @Test
  void missingKeysAndBucketsHaveTheirErrorCodes() {
    createBucket("it-errors");
    NoSuchKeyException nk = assertThrows(NoSuchKeyException.class,
        () -> s3.getObjectAsBytes(r -> r.bucket("it-errors").key("nope")));
    assertEquals(404, nk.statusCode());
    assertEquals("NoSuchKey", nk.awsErrorDetails().errorCode());
    assertTrue(nk.requestId() != null && !nk.requestId().isEmpty());
    NoSuchBucketException nb = assertThrows(NoSuchBucketException.class,
        () -> s3.getObjectAsBytes(r -> r.bucket("it-no-such-bucket").key("k")));
    assertEquals("NoSuchBucket", nb.awsErrorDetails().errorCode());
    assertThrows(NoSuchBucketException.class,
        () -> s3.putObject(r -> r.bucket("it-no-such-bucket").key("k"), RequestBody.fromString("x")));
    s3.deleteBucket(r -> r.bucket("it-errors"));
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatch() {
    try (S3Client bad = client(ACCESS, "not-the-secret", RequestChecksumCalculation.WHEN_SUPPORTED)) {
      S3Exception e = assertThrows(S3Exception.class, bad::listBuckets);
      assertEquals(403, e.statusCode());
      assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
    }
    try (S3Client unknown = client("AKIAUNKNOWN", SECRET, RequestChecksumCalculation.WHEN_SUPPORTED)) {
      S3Exception e = assertThrows(S3Exception.class, unknown::listBuckets);
      assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
    }
  }

  @Test
  void nonEmptyBucketCannotBeDeleted() {
    createBucket("it-notempty");
    s3.putObject(r -> r.bucket("it-notempty").key("x"), RequestBody.fromString("x"));
    S3Exception e = assertThrows(S3Exception.class, () -> s3.deleteBucket(r -> r.bucket("it-notempty")));
    assertEquals(409, e.statusCode());
    assertEquals("BucketNotEmpty", e.awsErrorDetails().errorCode());
    s3.deleteObject(r -> r.bucket("it-notempty").key("x"));
    s3.deleteBucket(r -> r.bucket("it-notempty"));
  }

  @Test
  void copyObjectAcrossBuckets() {
    createBucket("it-copy-src");
    createBucket("it-copy-dst");
    byte[] data = random(300_000, 3);
    s3.putObject(r -> r.bucket("it-copy-src").key("s").metadata(Map.of("m", "1")), RequestBody.fromBytes(data));
    CopyObjectResponse copy = s3.copyObject(r -> r.sourceBucket("it-copy-src").sourceKey("s")
        .destinationBucket("it-copy-dst").destinationKey("d/copy"));
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("it-copy-dst").key("d/copy"));
    assertArrayEquals(data, got.asByteArray());
    assertEquals(copy.copyObjectResult().eTag(), got.response().eTag());
    assertEquals(Map.of("m", "1"), got.response().metadata());
    s3.copyObject(r -> r.sourceBucket("it-copy-src").sourceKey("s").destinationBucket("it-copy-src")
        .destinationKey("s").metadataDirective("REPLACE").metadata(Map.of("m", "2")));
    assertEquals(Map.of("m", "2"), s3.headObject(r -> r.bucket("it-copy-src").key("s")).metadata());
    s3.deleteObject(r -> r.bucket("it-copy-src").key("s"));
    s3.deleteObject(r -> r.bucket("it-copy-dst").key("d/copy"));
    s3.deleteBucket(r -> r.bucket("it-copy-src"));
    s3.deleteBucket(r -> r.bucket("it-copy-dst"));
  }

  @Test
  void presignedGetWorksWithoutSdk() throws Exception {
    createBucket("it-presign");
    s3.putObject(r -> r.bucket("it-presign").key("p q"), RequestBody.fromString("presigned body"));
    try (S3Presigner presigner = presigner()) {
      PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .getObjectRequest(g -> g.bucket("it-presign").key("p q")));
      HttpURLConnection conn = (HttpURLConnection) p.url().openConnection();
      assertEquals(200, conn.getResponseCode());
      try (InputStream in = conn.getInputStream()) {
        assertEquals("presigned body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      HttpURLConnection tampered = (HttpURLConnection) URI.create(p.url().toString().replace("p%20q", "other"))
          .toURL().openConnection();
      assertEquals(403, tampered.getResponseCode());
    }
    s3.deleteObject(r -> r.bucket("it-presign").key("p q"));
    s3.deleteBucket(r -> r.bucket("it-presign"));
  }

  @Test
  void sdkV1PutGetListDelete() throws Exception {
    v1.createBucket("it-v1");
    byte[] data = random(200_000, 11);
    com.amazonaws.services.s3.model.ObjectMetadata meta = new com.amazonaws.services.s3.model.ObjectMetadata();
    meta.setContentLength(data.length);
    meta.addUserMetadata("k", "v");
    v1.putObject("it-v1", "x/one", new ByteArrayInputStream(data), meta);
    v1.putObject("it-v1", "x/two", "two");
    v1.putObject("it-v1", "top", "top");
    try (InputStream in = v1.getObject("it-v1", "x/one").getObjectContent()) {
      assertArrayEquals(data, in.readAllBytes());
    }
    assertEquals(md5Hex(data), v1.getObjectMetadata("it-v1", "x/one").getETag());
    assertEquals("v", v1.getObjectMetadata("it-v1", "x/one").getUserMetaDataOf("k"));
    ObjectListing listing = v1.listObjects(new com.amazonaws.services.s3.model.ListObjectsRequest()
        .withBucketName("it-v1").withDelimiter("/"));
    assertEquals(List.of("top"), listing.getObjectSummaries().stream().map(s -> s.getKey()).toList());
    assertEquals(List.of("x/"), listing.getCommonPrefixes());
    AmazonS3Exception e = assertThrows(AmazonS3Exception.class, () -> v1.getObject("it-v1", "missing"));
    assertEquals("NoSuchKey", e.getErrorCode());
    v1.deleteObjects(new com.amazonaws.services.s3.model.DeleteObjectsRequest("it-v1").withKeys("x/one", "x/two",
        "top"));
    assertTrue(v1.listObjectsV2("it-v1").getObjectSummaries().isEmpty());
    v1.deleteBucket("it-v1");
  }

  @Test
  void awsCliCopiesFilesBothWays(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("aws"), "aws cli is not installed: skipping the aws cli test");
    createBucket("it-cli");
    byte[] data = random(3 << 20, 5);
    Path src = Files.write(dir.resolve("src.bin"), data);
    Path back = dir.resolve("back.bin");
    cli(dir, "s3", "cp", src.toString(), "s3://it-cli/cli/src.bin");
    String ls = cli(dir, "s3", "ls", "s3://it-cli/cli/");
    assertTrue(ls.contains("src.bin"), ls);
    cli(dir, "s3", "cp", "s3://it-cli/cli/src.bin", back.toString());
    assertArrayEquals(data, Files.readAllBytes(back));
    String head = cli(dir, "s3api", "head-object", "--bucket", "it-cli", "--key", "cli/src.bin");
    assertTrue(head.contains(md5Hex(data)), head);
    cli(dir, "s3", "rm", "s3://it-cli/cli/src.bin");
    Path tree = Files.createDirectories(dir.resolve("tree/sub"));
    Files.writeString(dir.resolve("tree/a.txt"), "a");
    Files.writeString(tree.resolve("b.txt"), "b");
    Files.write(dir.resolve("tree/empty"), new byte[0]);
    cli(dir, "s3", "sync", dir.resolve("tree").toString(), "s3://it-cli/synced/");
    assertEquals(List.of("synced/a.txt", "synced/empty", "synced/sub/b.txt"),
        s3.listObjectsV2(r -> r.bucket("it-cli").prefix("synced/")).contents().stream().map(S3Object::key).toList());
    Path down = dir.resolve("down");
    cli(dir, "s3", "sync", "s3://it-cli/synced/", down.toString());
    assertEquals("b", Files.readString(down.resolve("sub/b.txt")));
    assertEquals(0, Files.size(down.resolve("empty")));
    cli(dir, "s3", "rm", "--recursive", "s3://it-cli/synced/");
    cli(dir, "s3", "rb", "s3://it-cli");
  }

  @Test
  void boto3WithDefaultSettings(@TempDir Path dir) throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed: skipping the boto3 test");
    Path script = Files.writeString(dir.resolve("t.py"), String.join("\n",
        "import boto3, hashlib, os, sys",
        "s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1',",
        "                  aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])",
        "s3.create_bucket(Bucket='it-boto3')",
        "data = os.urandom(3 * 1024 * 1024 + 7)",
        "s3.put_object(Bucket='it-boto3', Key='x/y z', Body=data, Metadata={'m': 'v'})",
        "got = s3.get_object(Bucket='it-boto3', Key='x/y z')",
        "body = got['Body'].read()",
        "assert body == data, 'bytes differ'",
        "assert got['ETag'] == '\"' + hashlib.md5(data).hexdigest() + '\"', got['ETag']",
        "assert got['Metadata'] == {'m': 'v'}, got['Metadata']",
        "lst = s3.list_objects_v2(Bucket='it-boto3', Prefix='x/', Delimiter='/')",
        "assert [o['Key'] for o in lst['Contents']] == ['x/y z'], lst",
        "rng = s3.get_object(Bucket='it-boto3', Key='x/y z', Range='bytes=5-9')['Body'].read()",
        "assert rng == data[5:10]",
        "s3.delete_objects(Bucket='it-boto3', Delete={'Objects': [{'Key': 'x/y z'}]})",
        "s3.delete_bucket(Bucket='it-boto3')",
        "print('boto3 ok')",
        ""));
    Process p = new ProcessBuilder("python3", script.toString(), endpoint.toString(), ACCESS, SECRET)
        .redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "boto3 script timed out");
    assumeTrue(!out.contains("No module named 'boto3'"), "boto3 is not installed: skipping the boto3 test");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("boto3 ok"), out);
  }

  private static boolean onPath(String exe) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
  }

  private static String cli(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(),
        "--region", "us-east-1"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
    pb.environment().put("AWS_CONFIG_FILE", dir.resolve("none").toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "aws cli timed out");
    assertEquals(0, p.exitValue(), () -> String.join(" ", args) + " failed:\n" + out);
    return out;
  }
}
