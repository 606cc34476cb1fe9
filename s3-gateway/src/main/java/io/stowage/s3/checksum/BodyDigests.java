package io.stowage.s3.checksum;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Every digest a PUT needs, computed in one pass over the streamed body: MD5 (the ETag),
 * SHA-256 (only when {@code x-amz-content-sha256} carries a real hash) and the requested
 * additional checksum. Each data Buffer is given once to {@link #update(Buffer)}; values are
 * final after the first getter call. One instance per upload, not thread-safe.
 */
public final class BodyDigests {
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest md5;
    private final MessageDigest sha256;
    private final Checksummer checksum;
    private final ChecksumAlgorithm checksumAlgorithm;
    private final byte[] scratch = new byte[BufferBytes.SCRATCH_SIZE];
    private long length;

    private boolean finished;
    private byte[] md5Value;
    private byte[] sha256Value;
    private byte[] checksumValue;

    /**
     * @param withMd5    compute MD5 (needed for the ETag of every object and part)
     * @param withSha256 compute SHA-256 (for a signed, non-streaming payload)
     * @param checksum   additional checksum to compute, or null
     */
    public BodyDigests(boolean withMd5, boolean withSha256, ChecksumAlgorithm checksum) {
        this.md5 = withMd5 ? Digests.fresh("MD5") : null;
        // A SHA256 checksum and the payload SHA-256 are the same hash: compute it once.
        boolean shaShared = checksum == ChecksumAlgorithm.SHA256;
        this.sha256 = withSha256 || shaShared ? Digests.fresh("SHA-256") : null;
        this.checksumAlgorithm = checksum;
        this.checksum = checksum == null || shaShared ? null : checksum.newChecksummer();
    }

    public void update(Buffer data) {
        update(data, 0, data.length());
    }

    public void update(Buffer data, int start, int end) {
        checkOpen();
        BufferBytes.forEach(data, start, end, scratch, this::updateArray);
    }

    public void update(byte[] bytes, int offset, int len) {
        checkOpen();
        updateArray(bytes, offset, len);
    }

    private void updateArray(byte[] bytes, int offset, int len) {
        if (md5 != null) {
            md5.update(bytes, offset, len);
        }
        if (sha256 != null) {
            sha256.update(bytes, offset, len);
        }
        if (checksum != null) {
            checksum.update(bytes, offset, len);
        }
        length += len;
    }

    /** Bytes seen so far. */
    public long length() {
        return length;
    }

    public ChecksumAlgorithm checksumAlgorithm() {
        return checksumAlgorithm;
    }

    /** Lower-case hex MD5: the ETag of a single-part object (without quotes). */
    public String md5Hex() {
        return HEX.formatHex(md5Bytes());
    }

    public String md5Base64() {
        return Base64.getEncoder().encodeToString(md5Bytes());
    }

    public String sha256Hex() {
        finish();
        if (sha256Value == null) {
            throw new IllegalStateException("SHA-256 was not requested");
        }
        return HEX.formatHex(sha256Value);
    }

    /** Base64 value of the additional checksum, as sent in {@code x-amz-checksum-*}. */
    public String checksumBase64() {
        finish();
        if (checksumAlgorithm == null) {
            throw new IllegalStateException("no checksum was requested");
        }
        return Base64.getEncoder().encodeToString(checksumValue);
    }

    /**
     * Checks the body against a {@code Content-MD5} header: malformed -> InvalidDigest,
     * different -> BadDigest.
     */
    public void verifyContentMd5(String contentMd5Header) {
        byte[] expected = parseContentMd5(contentMd5Header);
        if (!MessageDigest.isEqual(expected, md5Bytes())) {
            throw S3Exception.of(S3Error.BAD_DIGEST);
        }
    }

    /** Checks a hex {@code x-amz-content-sha256} value; mismatch -> XAmzContentSHA256Mismatch. */
    public void verifyContentSha256(String expectedHex) {
        String actual = sha256Hex();
        if (expectedHex == null || !MessageDigest.isEqual(
                actual.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                expectedHex.trim().toLowerCase(java.util.Locale.ROOT)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw S3Exception.of(S3Error.X_AMZ_CONTENT_SHA256_MISMATCH)
                    .withDetail("ClientComputedContentSHA256", expectedHex)
                    .withDetail("S3ComputedContentSHA256", actual);
        }
    }

    /**
     * Checks the client's {@code x-amz-checksum-*} value (header or trailer). Malformed ->
     * InvalidRequest, different -> BadDigest with AWS's per-algorithm message.
     */
    public void verifyChecksum(String expectedBase64) {
        if (checksumAlgorithm == null) {
            throw new IllegalStateException("no checksum was requested");
        }
        if (!checksumAlgorithm.isWellFormed(expectedBase64)) {
            throw S3Exception.of(S3Error.INVALID_REQUEST,
                    "Value for " + checksumAlgorithm.headerName() + " header is invalid.");
        }
        String actual = checksumBase64();
        if (!actual.equals(expectedBase64.trim())) {
            throw S3Exception.of(S3Error.BAD_DIGEST, "The " + checksumAlgorithm.awsName()
                    + " you specified did not match the calculated checksum.");
        }
    }

    /** Decodes a {@code Content-MD5} header, or fails with InvalidDigest. */
    public static byte[] parseContentMd5(String header) {
        if (header == null) {
            throw S3Exception.of(S3Error.INVALID_DIGEST);
        }
        try {
            byte[] v = Base64.getDecoder().decode(header.trim());
            if (v.length != 16) {
                throw S3Exception.of(S3Error.INVALID_DIGEST);
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw S3Exception.of(S3Error.INVALID_DIGEST);
        }
    }

    private byte[] md5Bytes() {
        finish();
        if (md5Value == null) {
            throw new IllegalStateException("MD5 was not requested");
        }
        return md5Value;
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        md5Value = md5 == null ? null : md5.digest();
        sha256Value = sha256 == null ? null : sha256.digest();
        if (checksumAlgorithm == ChecksumAlgorithm.SHA256) {
            checksumValue = sha256Value;
        } else if (checksum != null) {
            checksumValue = checksum.digest();
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("digests already finished");
        }
    }
}
