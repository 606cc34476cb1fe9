package io.stowage.s3.checksum;

import java.util.Base64;

/** Incremental checksum of one body; {@link #digest()} may be called once, after the last update. */
public interface Checksummer {
    ChecksumAlgorithm algorithm();

    void update(byte[] bytes, int offset, int length);

    /** Big-endian checksum bytes, as AWS base64-encodes them. */
    byte[] digest();

    /** The value AWS sends in {@code x-amz-checksum-*} headers and {@code Checksum*} XML elements. */
    default String base64() {
        return Base64.getEncoder().encodeToString(digest());
    }
}
