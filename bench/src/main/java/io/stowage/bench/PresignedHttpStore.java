package io.stowage.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Stowage read the way the bench reads nginx: GETs sent by the same plain Apache HttpClient as
 * {@link HttpStore}, to presigned URLs (SigV4 in the query string, checked by the server like any
 * signature). A ratio against nginx then compares two servers under one client, not the SDK's
 * per-request work (signing, interceptors, response unmarshalling) against none: on a single 64 MiB
 * stream that work alone is worth 10-20 % (docs/performance.md). Each key is presigned once, as a
 * browser or {@code curl} given a link would use it; objects are written through the SDK.
 */
final class PresignedHttpStore implements ObjectStore {
  /** Its name in results, ratios and the CSV. */
  static final String NAME = "stowage-http";
  /** Longer than any run; within SigV4's seven-day limit. */
  private static final Duration URL_LIFETIME = Duration.ofHours(12);

  private final S3Store writer;
  private final HttpStore reader;
  private final S3Presigner presigner;
  private final String bucket;
  private final Map<String, String> urls = new ConcurrentHashMap<>();

  PresignedHttpStore(ServerHandle stowage, String region, String bucket, int maxConnections) {
    this.writer = new S3Store(NAME,
        S3Store.client(stowage.endpoint(), region, stowage.accessKey(), stowage.secretKey(), maxConnections), bucket);
    this.reader = new HttpStore(NAME, stowage.endpoint(), maxConnections);
    this.presigner = S3Presigner.builder()
        .endpointOverride(URI.create(stowage.endpoint()))
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(stowage.accessKey(), stowage.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
    this.bucket = bucket;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** GETs only: the cases the nginx targets name. */
  @Override
  public boolean supports(Operation op) {
    return op == Operation.GET;
  }

  @Override
  public void put(String key, byte[] body, int length) {
    writer.put(key, body, length);
  }

  @Override
  public long get(String key, byte[] buffer) throws Exception {
    return reader.getUrl(url(key), buffer);
  }

  /** The key's presigned GET URL, made on first use. */
  String url(String key) {
    return urls.computeIfAbsent(key, this::presign);
  }

  private String presign(String key) {
    return presigner.presignGetObject(p -> p.signatureDuration(URL_LIFETIME)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
  }

  @Override
  public void delete(String key) {
    writer.delete(key);
  }

  @Override
  public void close() {
    presigner.close();
    reader.close();
    writer.close();
  }
}
