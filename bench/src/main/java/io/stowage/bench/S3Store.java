package io.stowage.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 requests through the AWS SDK v2's synchronous client over its Apache HTTP client: a blocking
 * thread per concurrent request is the cheapest load generator on CPU (no async machinery between the
 * socket and the loop). Checksums are {@code WHEN_REQUIRED}: the SDK's default adds CRC32 trailers to
 * every upload (which S3Proxy 2.6.0 rejects with a 400) and checks a CRC on every download; the bench
 * measures the servers, not the client's checksum work, with the same setting for every S3 server.
 */
final class S3Store implements ObjectStore {
  private final String name;
  private final S3Client s3;
  private final String bucket;

  S3Store(String name, S3Client s3, String bucket) {
    this.name = name;
    this.s3 = s3;
    this.bucket = bucket;
  }

  static S3Client client(String endpoint, String region, String accessKey, String secretKey, int maxConnections) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        // a failed request is an error in the results, not a hidden retry
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(maxConnections)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofMinutes(5)))
        .build();
  }

  /** Creates a fresh bucket; the server may still be settling right after it reported ready, so retry briefly. */
  static S3Store withNewBucket(String name, S3Client s3, String bucket) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
        return new S3Store(name, s3, bucket);
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": cannot create bucket " + bucket + ": " + e.getMessage(), e);
        }
        Thread.sleep(250);
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean supports(Operation op) {
    return true;
  }

  @Override
  public void put(String key, byte[] body, int length) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length), body(body, 0, length));
  }

  @Override
  public long get(String key, byte[] buffer) throws Exception {
    try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
      return Drain.all(in, buffer);
    }
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  @Override
  public String listPage(String prefix, int maxKeys, String continuationToken) {
    ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(maxKeys)
        .continuationToken(continuationToken));
    if (page.contents().isEmpty()) {
      throw new IllegalStateException("empty listing page under " + prefix);
    }
    return Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
  }

  @Override
  public void multipartPut(String key, byte[] body, int length, long partSize) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      int number = 1;
      for (int off = 0; off < length || number == 1; off += (int) partSize, number++) {
        int len = (int) Math.min(partSize, length - off);
        int n = number;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n)
            .contentLength((long) len), body(body, off, len)).eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException ignored) {
        // the upload's failure is what gets reported
      }
      throw e;
    }
  }

  /** Deletes every object and the bucket (for servers the bench did not start itself). */
  void deleteBucket() {
    for (List<S3Object> page : (Iterable<List<S3Object>>) () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket))
        .stream().map(ListObjectsV2Response::contents).iterator()) {
      page.parallelStream().forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
    }
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  /** A view of part of the shared body: no copy per request (RequestBody.fromBytes would copy it). */
  private static RequestBody body(byte[] body, int off, int len) {
    ContentStreamProvider streams = () -> new ByteArrayInputStream(body, off, len);
    return RequestBody.fromContentProvider(streams, len, "application/octet-stream");
  }

  @Override
  public void close() {
    s3.close();
  }
}
