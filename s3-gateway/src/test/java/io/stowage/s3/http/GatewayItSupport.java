package io.stowage.s3.http;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** What the gateway ITs share: an SDK v2 client on a gateway, and the teardown of their fixture. */
final class GatewayItSupport {
  private GatewayItSupport() {}

  /** An SDK v2 client builder on {@code gateway}: path style, us-east-1, the given key and checksum mode. */
  static S3ClientBuilder s3(S3Gateway gateway, String access, String secret, RequestChecksumCalculation checksums) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + gateway.port()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(checksums)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)));
  }

  /** A presigner for {@code gateway}: path style, us-east-1, the given key. */
  static S3Presigner presigner(S3Gateway gateway, String access, String secret) {
    return S3Presigner.builder().endpointOverride(URI.create("http://127.0.0.1:" + gateway.port()))
        .region(Region.US_EAST_1).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret))).build();
  }

  /** Closes clients, then gateways, the client pool, Vert.x and the cluster; nulls (never started) are skipped. */
  static void stopAll(MiniCluster cluster, Vertx vertx, FdfsClientPool pool, S3Gateway[] gateways, AutoCloseable... clients)
      throws Exception {
    for (AutoCloseable c : clients) {
      if (c != null) {
        c.close();
      }
    }
    for (S3Gateway g : Arrays.stream(gateways).filter(Objects::nonNull).toList()) {
      MiniCluster.await(g.stop());
    }
    if (vertx != null) {
      MiniCluster.await(pool.close());
      MiniCluster.await(vertx.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
