package io.stowage.s3.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.checksum.BodyDigests;
import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.AwsS3V4Signer;
import software.amazon.awssdk.auth.signer.params.AwsS3V4SignerParams;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Requests signed by the AWS SDK v2 signers must verify; any change to them must not. */
class SdkSignerCrossCheckTest {
    private static final String AK = "AKIDSTOWAGETEST";
    private static final String SK = "s3cr3t/key+with/odd=chars";
    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
    private static final String KEY_CHARS = "abcXYZ019 -_.~!*'()+=&$@,;:?#[]%/é日本😀";
    private static final String[] PARAMS = {"prefix", "delimiter", "max-keys", "marker", "uploads", "partNumber",
        "versionId", "list-type", "x-id", "encoding-type", "response-content-type", "a b", "UPPER"};

    private final RequestAuthenticator authenticator =
            new RequestAuthenticator(new SigningKeyCache(), null, RequestTime.DEFAULT_MAX_SKEW);

    static String randomString(Random rnd, int maxLen) {
        int len = 1 + rnd.nextInt(maxLen);
        StringBuilder sb = new StringBuilder();
        int[] cps = KEY_CHARS.codePoints().toArray();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    static SdkHttpRequest.Builder randomRequest(Random rnd, String scheme) {
        SdkHttpMethod[] methods = {SdkHttpMethod.GET, SdkHttpMethod.PUT, SdkHttpMethod.HEAD, SdkHttpMethod.DELETE,
            SdkHttpMethod.POST};
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(methods[rnd.nextInt(methods.length)])
                .protocol(scheme).host("localhost").port(9000)
                .encodedPath("/bucket/" + SdkHttpUtils.urlEncodeIgnoreSlashes(randomString(rnd, 30)));
        int nParams = rnd.nextInt(5);
        for (int i = 0; i < nParams; i++) {
            String name = PARAMS[rnd.nextInt(PARAMS.length)];
            b.appendRawQueryParameter(name, rnd.nextInt(4) == 0 ? null : randomString(rnd, 12));
        }
        if (rnd.nextBoolean()) {
            b.putHeader("x-amz-meta-note", "  spaced   out  " + rnd.nextInt());
        }
        if (rnd.nextBoolean()) {
            b.putHeader("Content-Type", "text/plain; charset=utf-8");
        }
        if (rnd.nextBoolean()) {
            b.putHeader("Range", "bytes=0-" + rnd.nextInt(1000));
        }
        return b;
    }

    static MultiMap toMultiMap(Map<String, List<String>> headers) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        headers.forEach((k, vs) -> vs.forEach(v -> m.add(k, v)));
        return m;
    }

    static RequestView view(SdkHttpRequest r) {
        return new RequestView(r.method().name(), r.encodedPath(), r.encodedQueryParameters().orElse(null),
                toMultiMap(r.headers()));
    }

    @Test
    void randomRequestsSignedByAwsV4HttpSignerVerify() {
        Random rnd = new Random(1234);
        for (int i = 0; i < 300; i++) {
            SdkHttpRequest.Builder b = randomRequest(rnd, "http");
            byte[] body = new byte[rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5000)];
            rnd.nextBytes(body);
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(AK, SK))
                    .request(b.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
            RequestView view = view(signed.request());
            ParsedAuth auth = authenticator.parse(view);
            AuthResult result = authenticator.verify(view, auth, SK, NOW.plusSeconds(30));
            assertEquals(AK, result.accessKeyId(), view.rawPath() + "?" + view.rawQuery());
            assertEquals(PayloadMode.SIGNED, result.payloadMode());
            BodyDigests digests = new BodyDigests(false, true, null);
            digests.update(Buffer.buffer(body));
            digests.verifyContentSha256(result.contentSha256());

            // Any change to what was signed must fail.
            MultiMap tampered = MultiMap.caseInsensitiveMultiMap().addAll(view.headers());
            tampered.set("x-amz-date", RequestTime.formatAmzDate(NOW.plusSeconds(1)));
            RequestView changed = new RequestView(view.method(), view.rawPath(), view.rawQuery(), tampered);
            assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
                    () -> authenticator.verify(changed, authenticator.parse(changed), SK, NOW)).error());
            RequestView otherPath = new RequestView(view.method(), view.rawPath() + "x", view.rawQuery(), view.headers());
            assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
                    () -> authenticator.verify(otherPath, auth, SK, NOW)).error());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void randomRequestsSignedByLegacyAwsS3V4SignerVerify(boolean payloadSigning) {
        Random rnd = new Random(payloadSigning ? 99 : 100);
        for (int i = 0; i < 150; i++) {
            SdkHttpRequest base = randomRequest(rnd, "https").build();
            byte[] body = new byte[rnd.nextInt(2000)];
            rnd.nextBytes(body);
            SdkHttpFullRequest full = SdkHttpFullRequest.builder().method(base.method()).protocol("https")
                    .host("localhost").port(9000).encodedPath(base.encodedPath())
                    .rawQueryParameters(base.rawQueryParameters()).headers(base.headers())
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
            SdkHttpFullRequest signed = AwsS3V4Signer.create().sign(full, AwsS3V4SignerParams.builder()
                    .awsCredentials(AwsBasicCredentials.create(AK, SK)).signingName("s3")
                    .signingRegion(Region.US_WEST_2).enablePayloadSigning(payloadSigning)
                    // As the S3 client configures it: S3 paths are encoded once.
                    .doubleUrlEncode(false)
                    .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC)).build());
            RequestView view = view(signed);
            AuthResult result = authenticator.verify(view, authenticator.parse(view), SK, NOW);
            assertEquals(payloadSigning ? PayloadMode.SIGNED : PayloadMode.UNSIGNED, result.payloadMode());
            assertEquals(AuthType.SIGV4_HEADER, result.type());
            assertThrows(S3Exception.class, () -> authenticator.verify(view, authenticator.parse(view), SK + "x", NOW));
        }
    }

    @Test
    void presignedUrlsFromAwsV4HttpSignerVerifyUntilExpiry() {
        Random rnd = new Random(77);
        for (int i = 0; i < 100; i++) {
            SdkHttpRequest req = randomRequest(rnd, "https").build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(AK, SK))
                    .request(req)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    // As S3Presigner does: presigned URLs carry UNSIGNED-PAYLOAD.
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10))
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
            RequestView view = view(signed.request());
            ParsedAuth auth = authenticator.parse(view);
            assertEquals(PresignedQuery.class, auth.getClass(), view.rawQuery());
            AuthResult result = authenticator.verify(view, auth, SK, NOW.plusSeconds(599));
            assertEquals(AuthType.SIGV4_PRESIGNED, result.type());
            assertEquals(S3Error.EXPIRED_REQUEST, assertThrows(S3Exception.class,
                    () -> authenticator.verify(view, auth, SK, NOW.plusSeconds(601))).error());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void chunkedBodiesFromAwsV4HttpSignerDecodeAndTheirTrailerChecksumMatches(String scheme) throws Exception {
        Random rnd = new Random(scheme.length());
        for (int size : new int[]{0, 1, 8191, 65536, 65537, 200_000}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol(scheme).host("localhost")
                    .port(9000).encodedPath("/bucket/some%20key").putHeader("Content-Length", Integer.toString(size))
                    .build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(AK, SK))
                    .request(req)
                    .payload(ContentStreamProvider.fromByteArray(data))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                    .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32)
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
            byte[] wire;
            try (InputStream in = signed.payload().orElseThrow().newStream()) {
                wire = in.readAllBytes();
            }
            RequestView view = view(signed.request());
            AuthResult auth = authenticator.verify(view, authenticator.parse(view), SK, NOW);
            // Over plain HTTP the SDK signs every chunk; over HTTPS it sends unsigned chunks.
            assertEquals(scheme.equals("http") ? PayloadMode.STREAMING_SIGNED_TRAILER
                    : PayloadMode.STREAMING_UNSIGNED_TRAILER, auth.payloadMode());
            assertNotNull(auth.signing());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BodyDigests digests = new BodyDigests(true, false, ChecksumAlgorithm.CRC32);
            AwsChunkedDecoder decoder = AwsChunkedDecoder.forRequest(auth.payloadMode(), auth.signing(), view.headers(),
                    b -> {
                        out.writeBytes(b.getBytes());
                        digests.update(b);
                    });
            int pos = 0;
            while (pos < wire.length) {
                int n = Math.min(wire.length - pos, 1 + rnd.nextInt(10_000));
                decoder.handle(Buffer.buffer(java.util.Arrays.copyOfRange(wire, pos, pos + n)));
                pos += n;
            }
            decoder.end();
            assertArrayEquals(data, out.toByteArray(), scheme + " size " + size);
            digests.verifyChecksum(decoder.trailers().get("x-amz-checksum-crc32"));
        }
    }
}
