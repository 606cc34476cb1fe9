package io.stowage.s3.checksum;

import io.vertx.core.buffer.Buffer;

/**
 * Feeds a range of a Vert.x {@link Buffer} to byte-array consumers (digests, CRCs) through a
 * caller-owned scratch array, using only the public Buffer API: one bounded copy, no allocation
 * per piece, never the whole body.
 */
public final class BufferBytes {
    /** Scratch size that callers allocate once per stream. */
    public static final int SCRATCH_SIZE = 16 * 1024;

    /** Receives consecutive pieces of a range; the array is reused after the call returns. */
    @FunctionalInterface
    public interface Sink {
        void accept(byte[] bytes, int offset, int length);
    }

    private BufferBytes() {
    }

    public static void forEach(Buffer buffer, int start, int end, byte[] scratch, Sink sink) {
        int pos = start;
        while (pos < end) {
            int n = Math.min(scratch.length, end - pos);
            buffer.getBytes(pos, pos + n, scratch, 0);
            sink.accept(scratch, 0, n);
            pos += n;
        }
    }
}
