package io.stowage.s3.checksum;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyDigestsTest {
    private static final byte[] WELCOME = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);

    @Test
    void onePassGivesMd5Sha256AndChecksumOfAllPieces() throws Exception {
        Random rnd = new Random(3);
        byte[] data = new byte[200_000];
        rnd.nextBytes(data);
        BodyDigests d = new BodyDigests(true, true, ChecksumAlgorithm.CRC32C);
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, 1 + rnd.nextInt(40_000));
            // Pieces arrive as slices of bigger buffers, as from the network.
            Buffer carrier = Buffer.buffer().appendString("xx").appendBytes(data, pos, n).appendString("yy");
            d.update(carrier, 2, 2 + n);
            pos += n;
        }
        assertEquals(data.length, d.length());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)), d.md5Hex());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), d.sha256Hex());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data);
        assertEquals(Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()),
                d.checksumBase64());
    }

    @Test
    void awsExampleBodyHashes() {
        BodyDigests d = new BodyDigests(true, true, ChecksumAlgorithm.SHA256);
        d.update(Buffer.buffer(WELCOME));
        // x-amz-content-sha256 of the AWS SigV4 "PUT Object" example.
        d.verifyContentSha256("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        assertEquals("RM591nyVng01JP+sF3Hfu6h9K2tLTpnkIDSouAP4sHI=", d.checksumBase64());
        assertDoesNotThrow(() -> d.verifyChecksum("RM591nyVng01JP+sF3Hfu6h9K2tLTpnkIDSouAP4sHI="));
    }

    @Test
    void contentMd5MismatchIsBadDigestAndGarbageIsInvalidDigest() throws Exception {
        BodyDigests d = new BodyDigests(true, false, null);
        d.update(WELCOME, 0, WELCOME.length);
        String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(WELCOME));
        assertEquals(good, d.md5Base64());
        assertDoesNotThrow(() -> d.verifyContentMd5(good));
        String other = Base64.getEncoder().encodeToString(new byte[16]);
        assertEquals(S3Error.BAD_DIGEST, assertThrows(S3Exception.class, () -> d.verifyContentMd5(other)).error());
        assertEquals(S3Error.INVALID_DIGEST, assertThrows(S3Exception.class, () -> d.verifyContentMd5("abc")).error());
        assertEquals(S3Error.INVALID_DIGEST, assertThrows(S3Exception.class, () -> d.verifyContentMd5("!!!!")).error());
    }

    @Test
    void wrongContentSha256IsXAmzContentSha256Mismatch() {
        BodyDigests d = new BodyDigests(true, true, null);
        d.update(WELCOME, 0, WELCOME.length);
        S3Exception e = assertThrows(S3Exception.class, () -> d.verifyContentSha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        assertEquals(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH, e.error());
        assertEquals("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
                e.details().get("S3ComputedContentSHA256"));
    }

    @Test
    void checksumMismatchUsesAwsMessage() {
        BodyDigests d = new BodyDigests(false, false, ChecksumAlgorithm.CRC32);
        d.update(WELCOME, 0, WELCOME.length);
        S3Exception e = assertThrows(S3Exception.class, () -> d.verifyChecksum("AAAAAA=="));
        assertEquals(S3Error.BAD_DIGEST, e.error());
        assertEquals("The CRC32 you specified did not match the calculated checksum.", e.getMessage());
        assertEquals(S3Error.INVALID_REQUEST, assertThrows(S3Exception.class, () -> d.verifyChecksum("AAAA")).error());
    }

    @Test
    void updatesAfterReadingAreRejected() {
        BodyDigests d = new BodyDigests(true, false, null);
        d.md5Hex();
        assertThrows(IllegalStateException.class, () -> d.update(WELCOME, 0, 1));
        assertThrows(IllegalStateException.class, d::sha256Hex);
    }
}
