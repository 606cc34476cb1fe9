package io.stowage.s3.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

class ChecksumAlgorithmTest {
    private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static byte[] digest(ChecksumAlgorithm a, byte[] data) {
        Checksummer c = a.newChecksummer();
        c.update(data, 0, data.length);
        return c.digest();
    }

    /** The "check" values of the CRC catalogue and the well-known digests of "123456789". */
    @ParameterizedTest
    @CsvSource({
        "CRC32, cbf43926",
        "CRC32C, e3069283",
        "CRC64NVME, ae8b14860a799888",
        "SHA1, f7c3bc1d808e04732adf679965ccc34ca7ae3441",
        "SHA256, 15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
    })
    void catalogueCheckValues(ChecksumAlgorithm a, String hex) {
        assertEquals(hex, HexFormat.of().formatHex(digest(a, CHECK_INPUT)));
        assertEquals(a.digestLength(), hex.length() / 2);
    }

    @Test
    void emptyInputValuesAsS3ReportsThem() {
        assertEquals("AAAAAA==", ChecksumAlgorithm.CRC32.newChecksummer().base64());
        assertEquals("AAAAAA==", ChecksumAlgorithm.CRC32C.newChecksummer().base64());
        assertEquals("AAAAAAAAAAA=", ChecksumAlgorithm.CRC64NVME.newChecksummer().base64());
        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", ChecksumAlgorithm.SHA256.newChecksummer().base64());
    }

    /** Cross-check against the AWS SDK v2 implementations (CRC64NVME there needs aws-crt; see Crc64NvmeTest). */
    @ParameterizedTest
    @CsvSource({"CRC32, CRC32", "CRC32C, CRC32C", "SHA1, SHA1", "SHA256, SHA256"})
    void matchesAwsSdkOnRandomDataInRandomSplits(ChecksumAlgorithm ours, String sdkName) {
        Random rnd = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[rnd.nextInt(70_000)];
            rnd.nextBytes(data);
            SdkChecksum sdk = SdkChecksum.forAlgorithm(sdkAlgorithm(sdkName));
            sdk.update(data, 0, data.length);
            Checksummer c = ours.newChecksummer();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, 1 + rnd.nextInt(9000));
                c.update(data, pos, n);
                pos += n;
            }
            assertArrayEquals(sdk.getChecksumBytes(), c.digest(), ours + " length " + data.length);
        }
    }

    private static software.amazon.awssdk.checksums.spi.ChecksumAlgorithm sdkAlgorithm(String name) {
        return switch (name) {
            case "CRC32" -> DefaultChecksumAlgorithm.CRC32;
            case "CRC32C" -> DefaultChecksumAlgorithm.CRC32C;
            case "SHA1" -> DefaultChecksumAlgorithm.SHA1;
            default -> DefaultChecksumAlgorithm.SHA256;
        };
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void namesAndHeaders(ChecksumAlgorithm a) {
        assertEquals(a, ChecksumAlgorithm.fromName(a.awsName().toLowerCase()));
        assertEquals(a, ChecksumAlgorithm.fromHeaderName(a.headerName().toUpperCase()));
        assertEquals("x-amz-checksum-" + a.name().toLowerCase(), a.headerName());
        assertEquals("Checksum" + a.name(), a.xmlElement());
        assertTrue(a.isWellFormed(a.newChecksummer().base64()));
        assertFalse(a.isWellFormed("AAAA"));
        assertFalse(a.isWellFormed("not base64!"));
    }

    @Test
    void unknownAlgorithmIsInvalidRequest() {
        S3Exception e = assertThrows(S3Exception.class, () -> ChecksumAlgorithm.fromName("MD5"));
        assertEquals(S3Error.INVALID_REQUEST, e.error());
        assertTrue(e.getMessage().contains("CRC64NVME"));
        assertNull(ChecksumAlgorithm.fromHeaderName("x-amz-meta-x"));
    }
}
