package io.stowage.s3.checksum;

import java.util.zip.Checksum;

/** Adapts a {@link Checksum} (CRC32, CRC32C, CRC64NVME) to {@link Checksummer}, emitting big-endian bytes. */
final class CrcChecksummer implements Checksummer {
    private final ChecksumAlgorithm algorithm;
    private final Checksum crc;
    private final int width;

    CrcChecksummer(ChecksumAlgorithm algorithm, Checksum crc, int widthBytes) {
        this.algorithm = algorithm;
        this.crc = crc;
        this.width = widthBytes;
    }

    @Override
    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
    }

    @Override
    public byte[] digest() {
        long v = crc.getValue();
        byte[] out = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
