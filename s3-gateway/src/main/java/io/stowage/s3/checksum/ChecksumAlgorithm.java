package io.stowage.s3.checksum;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** The S3 "additional checksums": names as in {@code x-amz-checksum-algorithm}, digest sizes, header and XML names. */
public enum ChecksumAlgorithm {
    CRC32("CRC32", 4),
    CRC32C("CRC32C", 4),
    CRC64NVME("CRC64NVME", 8),
    SHA1("SHA1", 20),
    SHA256("SHA256", 32);

    private static final String UNSUPPORTED =
            "Checksum algorithm provided is unsupported. Please try again with any of the valid"
                    + " types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]";

    private final String awsName;
    private final int digestLength;
    private final String headerName;

    ChecksumAlgorithm(String awsName, int digestLength) {
        this.awsName = awsName;
        this.digestLength = digestLength;
        this.headerName = "x-amz-checksum-" + awsName.toLowerCase(Locale.ROOT);
    }

    /** As written in {@code x-amz-checksum-algorithm} and error messages, e.g. {@code CRC32C}. */
    public String awsName() {
        return awsName;
    }

    public int digestLength() {
        return digestLength;
    }

    /** Lower-case header (and trailer) name, e.g. {@code x-amz-checksum-crc32c}. */
    public String headerName() {
        return headerName;
    }

    /** Element name in CompleteMultipartUpload / GetObjectAttributes, e.g. {@code ChecksumCRC32C}. */
    public String xmlElement() {
        return "Checksum" + awsName;
    }

    public Checksummer newChecksummer() {
        return switch (this) {
            case CRC32 -> new CrcChecksummer(this, new CRC32(), 4);
            case CRC32C -> new CrcChecksummer(this, new CRC32C(), 4);
            case CRC64NVME -> new CrcChecksummer(this, new Crc64Nvme(), 8);
            case SHA1 -> new DigestChecksummer(this, Digests.fresh("SHA-1"));
            case SHA256 -> new DigestChecksummer(this, Digests.fresh("SHA-256"));
        };
    }

    /** True when {@code value} is base64 of exactly {@link #digestLength()} bytes. */
    public boolean isWellFormed(String value) {
        if (value == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(value.trim()).length == digestLength;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Parses {@code x-amz-checksum-algorithm} / {@code x-amz-sdk-checksum-algorithm} values
     * (case-insensitive, as the SDKs send upper case and some tools lower case).
     */
    public static ChecksumAlgorithm fromName(String name) {
        if (name != null) {
            for (ChecksumAlgorithm a : values()) {
                if (a.awsName.equalsIgnoreCase(name.trim())) {
                    return a;
                }
            }
        }
        throw S3Exception.of(S3Error.INVALID_REQUEST, UNSUPPORTED);
    }

    /** Maps {@code x-amz-checksum-crc32} (any case) to its algorithm, or null if it is no checksum header. */
    public static ChecksumAlgorithm fromHeaderName(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName.equals(h)) {
                return a;
            }
        }
        return null;
    }
}
