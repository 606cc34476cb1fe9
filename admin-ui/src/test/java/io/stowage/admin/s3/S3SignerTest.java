package io.stowage.admin.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The admin's client-side signer agrees with the AWS SDK v2 signer for the requests it makes. */
class S3SignerTest {
  @ParameterizedTest
  @ValueSource(strings = {"plain.txt", "dir/sub/file name.bin", "é/ü+&=?#%.txt", "a//b/./c", "~tilde_-.txt"})
  void matchesTheAwsSdkV2SignerWithUnsignedPayload(String key) {
    Instant now = Instant.parse("2026-11-24T06:40:00Z");
    String path = "/my-bucket/" + S3Signer.encodePath(key);
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create("http://127.0.0.1:9000" + path)).build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("AKEXAMPLE", "secret/Key+123"))
        .request(request)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
    SdkHttpRequest sdk = signed.request();
    String amzDate = S3Signer.amzDate(ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
    assertEquals(amzDate, sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
    assertEquals(S3Signer.UNSIGNED_PAYLOAD, sdk.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "127.0.0.1:9000");
    headers.put("x-amz-content-sha256", S3Signer.UNSIGNED_PAYLOAD);
    headers.put("x-amz-date", amzDate);
    String mine = S3Signer.authorization("PUT", path, "", headers, S3Signer.UNSIGNED_PAYLOAD, amzDate, "us-east-1", "AKEXAMPLE", "secret/Key+123");
    assertEquals(sdk.firstMatchingHeader("Authorization").orElseThrow(), mine);
  }
}
