package io.stowage.s3.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64NvmeTest {

    /** Bit-at-a-time definition of CRC-64/NVME, independent of the table-driven code. */
    private static long reference(byte[] data, int off, int len) {
        long crc = -1L;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xffL;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ Long.reverse(0xad93d23594c93659L) : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void reflectedPolynomialIsTheReverseOfTheNormalOne() {
        assertEquals(Long.reverse(0xad93d23594c93659L), Crc64Nvme.REFLECTED_POLY);
    }

    @Test
    void slicingByEightMatchesBitwiseDefinitionForEveryLengthAndOffset() {
        Random rnd = new Random(7);
        byte[] data = new byte[300];
        rnd.nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len + off <= data.length; len += 1 + (len / 16)) {
                Crc64Nvme c = new Crc64Nvme();
                c.update(data, off, len);
                assertEquals(reference(data, off, len), c.getValue(), "off " + off + " len " + len);
            }
        }
    }

    @Test
    void incrementalUpdatesEqualOneShot() {
        Random rnd = new Random(11);
        byte[] data = new byte[100_003];
        rnd.nextBytes(data);
        Crc64Nvme whole = new Crc64Nvme();
        whole.update(data, 0, data.length);
        Crc64Nvme pieces = new Crc64Nvme();
        int pos = 0;
        while (pos < data.length) {
            int n = Math.min(data.length - pos, rnd.nextInt(20));
            if (n == 1) {
                pieces.update(data[pos]);
            } else {
                pieces.update(data, pos, n);
            }
            pos += n;
        }
        assertEquals(whole.getValue(), pieces.getValue());
        assertEquals(reference(data, 0, data.length), whole.getValue());
        whole.reset();
        assertEquals(0L, whole.getValue(), "CRC of nothing is init ^ xorout = 0");
    }
}
