package io.stowage.s3.http;

import static io.stowage.testkit.MiniCluster.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * Small objects stored inline in their index entry, on a group of two storage servers: the S3
 * operations that read or copy object bytes, replication to the other member, catch-up by a member
 * added later, and reads after the first member is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InlineObjectsIT {
  private static final String ACCESS = "AKIASTOWAGEINLINE01";
  private static final String SECRET = "stowage/inline/secret+key0123456789abc";
  private static final String BUCKET = "inline-it";

  private static MiniCluster cluster;
  private static Vertx vertx;
  private static FdfsClientPool pool;
  private static ClusterClient cc;
  private static IndexClient index;
  private static S3Gateway gateway;
  private static S3Gateway noInline;
  private static S3Client s3;
  private static S3Client s3WhenRequired;
  private static S3Client s3NoInline;

  @BeforeAll
  static void start() {
    cluster = MiniCluster.builder().serversPerGroup(2).storageSetting("sync_interval_ms", "100")
        .storageSetting("replication_timeout", "5").start();
    cluster.awaitInSync();
    vertx = Vertx.vertx();
    pool = new FdfsClientPool(vertx, cluster.secret(), 2);
    cc = new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()));
    index = new IndexClient(pool);
    await(cc.putCredential(new Credential(ACCESS, SECRET, true, List.of("admin"))));
    gateway = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)));
    noInline = await(S3Gateway.start(vertx, GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)
        .withInlineMaxSize(0)));
    s3 = client(gateway, RequestChecksumCalculation.WHEN_SUPPORTED);
    s3WhenRequired = client(gateway, RequestChecksumCalculation.WHEN_REQUIRED);
    s3NoInline = client(noInline, RequestChecksumCalculation.WHEN_REQUIRED);
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  private static S3Client client(S3Gateway gw, RequestChecksumCalculation checksums) {
    return GatewayItSupport.s3(gw, ACCESS, SECRET, checksums).build();
  }


  @AfterAll
  static void stop() throws Exception {
    GatewayItSupport.stopAll(cluster, vertx, pool, new S3Gateway[] {gateway, noInline}, s3, s3WhenRequired, s3NoInline);
  }


  /** Runs client work on one event-loop context (pools are not thread-safe) and waits for it. */
  private static <T> T on(Supplier<Future<T>> work) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    vertx.runOnContext(v -> work.get().onComplete(p));
    return await(p.future());
  }

  private static HostPort member(String name) {
    return new HostPort("127.0.0.1", cluster.storage(name).port());
  }

  /** The raw index entry of a key on one member (inline bytes as {@link IndexClient#INLINE_DATA}), null when absent. */
  private static JsonObject entryOn(String member, String bucket, String key) {
    return on(() -> index.get(member(member), bucket, key).recover(e -> ProtoException.codeOf(e) == ErrorCode.ENOENT
        ? Future.succeededFuture(null) : Future.failedFuture(e)));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  @Test
  @Order(1)
  void smallObjectsAreStoredInlineAndReadBack() throws Exception {
    byte[] body = random(10_000, 1);
    PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("small/a").contentType("text/x-inline")
        .metadata(Map.of("colour", "blue")).checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromBytes(body));
    assertEquals("\"" + md5(body) + "\"", put.eTag());
    assertNotNull(put.checksumCRC32());

    for (String m : cluster.storageNames()) {
      JsonObject e = entryOn(m, BUCKET, "small/a");
      assertTrue(e.getBoolean("inline"), m);
      assertNull(e.getString("fileId"), m);
      assertArrayEquals(body, e.getBinary(IndexClient.INLINE_DATA), m);
    }

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a"));
    assertArrayEquals(body, got.asByteArray());
    assertEquals("text/x-inline", got.response().contentType());
    assertEquals("blue", got.response().metadata().get("colour"));
    assertEquals(put.eTag(), got.response().eTag());

    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("small/a"));
    assertEquals(10_000L, head.contentLength());
    assertEquals(put.eTag(), head.eTag());

    byte[] slice = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a").range("bytes=100-199")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 100, 200), slice);
    byte[] tail = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a").range("bytes=-10")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(body, body.length - 10, body.length), tail);
    assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a").partNumber(1)).asByteArray());
    S3Exception notModified = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a").ifNoneMatch(put.eTag())));
    assertEquals(304, notModified.statusCode());
    S3Exception failed = assertThrows(S3Exception.class,
        () -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a").ifMatch("\"0000\"")));
    assertEquals(412, failed.statusCode());

    // signed and unsigned payloads (no aws-chunked) and the SDK's default aws-chunked trailer path both inline
    byte[] other = random(16 * 1024, 2);
    s3WhenRequired.putObject(b -> b.bucket(BUCKET).key("small/b"), RequestBody.fromBytes(other));
    assertTrue(entryOn("g1-1", BUCKET, "small/b").getBoolean("inline"));
    assertArrayEquals(other, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/b")).asByteArray());
  }

  @Test
  @Order(1)
  void badSmallBodiesAndFailedConditionsStoreNothing() throws Exception {
    byte[] body = random(3_000, 8);
    try (S3Presigner presigner = GatewayItSupport.presigner(gateway, ACCESS, SECRET)) {
      URI put = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
          .putObjectRequest(p -> p.bucket(BUCKET).key("bad"))).url().toURI();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (String[] header : List.of(new String[] {"x-amz-checksum-crc32", "AAAAAA=="},
          new String[] {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="})) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(put).header(header[0], header[1])
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("<Code>BadDigest</Code>"), r.body());
      }
      // a client that goes away in the middle of a small body
      try (java.net.Socket sock = new java.net.Socket("127.0.0.1", gateway.port())) {
        sock.getOutputStream().write(("PUT " + put.getRawPath() + "?" + put.getRawQuery() + " HTTP/1.1\r\nHost: "
            + put.getHost() + ":" + put.getPort() + "\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        sock.getOutputStream().write(body, 0, body.length / 2);
        sock.getOutputStream().flush();
      }
    }
    assertNull(entryOn("g1-1", BUCKET, "bad"));
    assertNull(entryOn("g1-2", BUCKET, "bad"));

    s3.putObject(b -> b.bucket(BUCKET).key("cond"), RequestBody.fromBytes(body));
    S3Exception exists = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("cond")
        .ifNoneMatch("*"), RequestBody.fromBytes(random(10, 9))));
    assertEquals(412, exists.statusCode());
    assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("cond")).asByteArray());
  }

  @Test
  @Order(2)
  void listingsShowInlineObjectsWithoutTheirBytes() throws Exception {
    byte[] body = random(12_000, 3);
    for (int i = 0; i < 5; i++) {
      s3.putObject(b -> b.bucket(BUCKET).key("list/" + System.nanoTime()), RequestBody.fromBytes(body));
    }
    ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("list/"));
    assertEquals(5, page.contents().size());
    assertTrue(page.contents().stream().allMatch(o -> o.size() == 12_000L));
    assertTrue(page.contents().stream().allMatch(o -> o.eTag().equals("\"" + quietMd5(body) + "\"")));
    var raw = on(() -> index.list(member("g1-1"), BUCKET, "list/", null, 1000));
    assertTrue(raw.entries().stream().allMatch(e -> e.entry().getBoolean("inline")
        && !e.entry().containsKey(IndexClient.INLINE_DATA)));
  }

  private static String quietMd5(byte[] b) {
    try {
      return md5(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(3)
  void largerObjectsStillUseFilesAndAnInlineOverwriteRemovesTheFile() throws Exception {
    byte[] big = random(16 * 1024 + 1, 4);
    s3.putObject(b -> b.bucket(BUCKET).key("grow"), RequestBody.fromBytes(big));
    JsonObject fileEntry = entryOn("g1-1", BUCKET, "grow");
    assertFalse(fileEntry.containsKey("inline"));
    FileId file = FileId.parse(fileEntry.getString("fileId"));
    StorageClient storage = new StorageClient(pool);
    on(() -> storage.queryFileInfo(member("g1-1"), file));

    byte[] small = random(100, 5);
    s3.putObject(b -> b.bucket(BUCKET).key("grow"), RequestBody.fromBytes(small));
    assertArrayEquals(small, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("grow")).asByteArray());
    Awaitility.await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
        on(() -> storage.queryFileInfo(member("g1-1"), file).map(i -> ErrorCode.OK)
            .recover(e -> Future.succeededFuture(ProtoException.codeOf(e)))) == ErrorCode.ENOENT);

    // and back: a file object replacing an inline one
    s3.putObject(b -> b.bucket(BUCKET).key("grow"), RequestBody.fromBytes(big));
    assertArrayEquals(big, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("grow")).asByteArray());
    assertNull(entryOn("g1-2", BUCKET, "grow").getValue(IndexClient.INLINE_DATA));

    // a gateway with inline objects off still reads them, and writes files
    assertArrayEquals(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a")).asByteArray(),
        s3NoInline.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a")).asByteArray());
    s3NoInline.putObject(b -> b.bucket(BUCKET).key("no-inline"), RequestBody.fromBytes(small));
    assertNotNull(entryOn("g1-1", BUCKET, "no-inline").getString("fileId"));
  }

  @Test
  @Order(4)
  void copiesOfInlineObjectsAreInlineOrFilesBySize() throws Exception {
    byte[] body = random(5_000, 6);
    String etag = "\"" + md5(body) + "\"";
    s3.putObject(b -> b.bucket(BUCKET).key("copy/src").metadata(Map.of("k", "v")), RequestBody.fromBytes(body));

    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/src").destinationBucket(BUCKET).destinationKey("copy/inline"));
    JsonObject inline = entryOn("g1-1", BUCKET, "copy/inline");
    assertTrue(inline.getBoolean("inline"));
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/inline"));
    assertArrayEquals(body, got.asByteArray());
    assertEquals(etag, got.response().eTag());
    assertEquals("v", got.response().metadata().get("k"));

    // a gateway that stores no inline objects copies the inline source into a file
    s3NoInline.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/src").destinationBucket(BUCKET)
        .destinationKey("copy/file"));
    assertNotNull(entryOn("g1-1", BUCKET, "copy/file").getString("fileId"));
    assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/file")).asByteArray());

    // a small file source is copied inline
    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy/file").destinationBucket(BUCKET).destinationKey("copy/back"));
    assertTrue(entryOn("g1-1", BUCKET, "copy/back").getBoolean("inline"));
    assertArrayEquals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/back")).asByteArray());

    // UploadPartCopy from an inline source (the whole, then a range replacing it) into a multipart object
    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("copy/mpu")).uploadId();
    s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy/src")
        .destinationBucket(BUCKET).destinationKey("copy/mpu").uploadId(uploadId).partNumber(1));
    UploadPartCopyResponse part = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy/src")
        .destinationBucket(BUCKET).destinationKey("copy/mpu").uploadId(uploadId).partNumber(1)
        .copySourceRange("bytes=1000-2999"));
    assertEquals("\"" + md5(java.util.Arrays.copyOfRange(body, 1000, 3000)) + "\"", part.copyPartResult().eTag());
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("copy/mpu").uploadId(uploadId).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(part.copyPartResult().eTag()).build())));
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 1000, 3000),
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("copy/mpu")).asByteArray());
  }

  @Test
  @Order(5)
  void inlineEntriesReachANewMemberAndSurviveLosingTheFirst() throws Exception {
    byte[] body = random(8_000, 7);
    for (int i = 0; i < 20; i++) {
      String key = "ha/" + i;
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }
    s3.deleteObject(b -> b.bucket(BUCKET).key("ha/0"));

    // a member added now copies the group's index, inline bytes and tombstones included
    String third = cluster.addStorage("group1");
    cluster.awaitInSync();
    for (int i = 1; i < 20; i++) {
      JsonObject e = entryOn(third, BUCKET, "ha/" + i);
      assertNotNull(e, "ha/" + i);
      assertArrayEquals(body, e.getBinary(IndexClient.INLINE_DATA), "ha/" + i);
    }
    assertNull(entryOn(third, BUCKET, "ha/0"));
    BucketInfo bucket = await(cc.getBucket(BUCKET));
    assertEquals("group1", bucket.homeGroup());

    // the first member goes away: the others still answer every inline object
    cluster.killStorage("g1-1");
    Awaitility.await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      for (int i = 1; i < 20; i++) {
        String key = "ha/" + i;
        if (!java.util.Arrays.equals(body, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray())) {
          return false;
        }
      }
      return true;
    });
    assertArrayEquals(entryOn("g1-2", BUCKET, "small/a").getBinary(IndexClient.INLINE_DATA),
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small/a")).asByteArray());
  }
}
