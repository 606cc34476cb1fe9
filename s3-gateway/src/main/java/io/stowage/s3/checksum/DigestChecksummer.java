package io.stowage.s3.checksum;

import java.security.MessageDigest;

/** Adapts a {@link MessageDigest} (SHA-1, SHA-256) to {@link Checksummer}. */
final class DigestChecksummer implements Checksummer {
    private final ChecksumAlgorithm algorithm;
    private final MessageDigest digest;

    DigestChecksummer(ChecksumAlgorithm algorithm, MessageDigest digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    @Override
    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    @Override
    public byte[] digest() {
        return digest.digest();
    }
}
