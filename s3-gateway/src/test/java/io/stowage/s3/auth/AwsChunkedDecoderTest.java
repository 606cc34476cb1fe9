package io.stowage.s3.auth;

import static io.stowage.s3.auth.AwsExamples.AMZ_DATE;
import static io.stowage.s3.auth.AwsExamples.SCOPE;
import static io.stowage.s3.auth.AwsExamples.signingKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.checksum.BodyDigests;
import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsChunkedDecoderTest {
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";

    /** The body of the AWS "Transferring Payload in Multiple Chunks" example: 65536 + 1024 bytes of 'a'. */
    static byte[] docBody() {
        return concat(
                ascii("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"),
                as(65536), ascii("\r\n"),
                ascii("400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"),
                as(1024), ascii("\r\n"),
                ascii("0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"));
    }

    /** The body of the AWS trailing-header example (CRC32C trailer), laid out as the SDKs send it. */
    static byte[] docTrailerBody(boolean blankLineBeforeTrailer) {
        return concat(
                ascii("10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n"),
                as(65536), ascii("\r\n"),
                ascii("400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n"),
                as(1024), ascii("\r\n"),
                ascii("0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n"),
                ascii(blankLineBeforeTrailer ? "\r\n" : ""),
                ascii("x-amz-checksum-crc32c:sOO8/Q==\r\n"
                        + "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n"));
    }

    static SigningContext ctx(String seed) {
        return new SigningContext(signingKey(), AMZ_DATE, SCOPE, seed);
    }

    /** Decodes {@code body} fed in the given pieces; returns decoded bytes. */
    static byte[] decode(AwsChunkedDecoderFactory f, byte[] body, int... cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AwsChunkedDecoder d = f.create(b -> out.writeBytes(b.getBytes()));
        int prev = 0;
        for (int cut : cuts) {
            d.handle(Buffer.buffer(Arrays.copyOfRange(body, prev, cut)));
            prev = cut;
        }
        d.handle(Buffer.buffer(Arrays.copyOfRange(body, prev, body.length)));
        d.end();
        return out.toByteArray();
    }

    interface AwsChunkedDecoderFactory {
        AwsChunkedDecoder create(io.vertx.core.Handler<Buffer> data);
    }

    static AwsChunkedDecoderFactory signed(String seed, long length) {
        return h -> new AwsChunkedDecoder(PayloadMode.STREAMING_SIGNED, ctx(seed), length, Set.of(), h);
    }

    @Test
    void awsExampleDecodesWhole() {
        assertArrayEquals(as(66560), decode(signed(SEED, 66560), docBody()));
    }

    @Test
    void awsExampleDecodesFedOneByteAtATime() {
        byte[] body = docBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AwsChunkedDecoder d = signed(SEED, 66560).create(b -> out.writeBytes(b.getBytes()));
        for (byte b : body) {
            d.handle(Buffer.buffer(new byte[]{b}));
        }
        d.end();
        assertArrayEquals(as(66560), out.toByteArray());
        assertEquals(66560, d.decodedLength());
    }

    @Test
    void awsExampleDecodesSplitAtEveryBoundaryAroundFraming() {
        byte[] body = docBody();
        int firstData = 86; // after "10000;chunk-signature=<64>\r\n"
        for (int cut = 1; cut < body.length; cut++) {
            boolean nearFraming = cut < firstData + 4 || Math.abs(cut - (firstData + 65536)) < 100
                    || cut > body.length - 1200;
            if (nearFraming || cut % 997 == 0) {
                assertArrayEquals(as(66560), decode(signed(SEED, 66560), body, cut), "cut at " + cut);
            }
        }
    }

    @Test
    void smallSignedBodyDecodesForEveryTwoAndThreeWaySplit() {
        byte[] payload = ascii("hello, aws-chunked world");
        byte[] body = ChunkedBodies.signed(List.of(Arrays.copyOfRange(payload, 0, 10),
                Arrays.copyOfRange(payload, 10, payload.length)), ctx(SEED), null, null);
        for (int i = 0; i <= body.length; i++) {
            for (int j = i; j <= body.length; j += 7) {
                assertArrayEquals(payload, decode(signed(SEED, payload.length), body, i, j), "cuts " + i + "," + j);
            }
        }
    }

    @Test
    void awsTrailerExampleVerifiesChunksAndTrailerSignature() {
        for (boolean blank : new boolean[]{false, true}) {
            AwsChunkedDecoder[] holder = new AwsChunkedDecoder[1];
            byte[] out = decode(h -> holder[0] = new AwsChunkedDecoder(PayloadMode.STREAMING_SIGNED_TRAILER,
                    ctx(TRAILER_SEED), 66560, Set.of("x-amz-checksum-crc32c"), h), docTrailerBody(blank), 100, 66000);
            assertArrayEquals(as(66560), out);
            assertEquals(Map.of("x-amz-checksum-crc32c", "sOO8/Q=="), holder[0].trailers());
            assertTrue(holder[0].isComplete());
            // The trailer value is the real CRC32C of the data.
            BodyDigests digests = new BodyDigests(false, false, ChecksumAlgorithm.CRC32C);
            digests.update(Buffer.buffer(out));
            digests.verifyChecksum(holder[0].trailers().get("x-amz-checksum-crc32c"));
        }
    }

    @Test
    void tamperedTrailerValueFailsTrailerSignature() {
        byte[] body = docTrailerBody(false);
        String s = new String(body, StandardCharsets.ISO_8859_1).replace("sOO8/Q==", "AAAAAA==");
        S3Exception e = assertThrows(S3Exception.class, () -> decode(h -> new AwsChunkedDecoder(
                PayloadMode.STREAMING_SIGNED_TRAILER, ctx(TRAILER_SEED), 66560, Set.of(), h),
                s.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, e.error());
    }

    @Test
    void wrongSeedFailsAtTheEndOfTheFirstChunkAfterEmittingIt() {
        byte[] body = docBody();
        long[] emitted = {0};
        AwsChunkedDecoder d = signed(TRAILER_SEED, 66560).create(b -> emitted[0] += b.length());
        S3Exception e = assertThrows(S3Exception.class, () -> d.handle(Buffer.buffer(body)));
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, e.error());
        assertEquals(65536, emitted[0], "data is streamed before its signature is checked");
        // Once failed, the decoder keeps failing with the same error.
        assertSame(e, assertThrows(S3Exception.class, () -> d.handle(Buffer.buffer(ascii("x")))));
        assertSame(e, assertThrows(S3Exception.class, d::end));
    }

    @Test
    void flippedDataByteFailsSignature() {
        byte[] body = docBody();
        body[5000] = 'b';
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH,
                assertThrows(S3Exception.class, () -> decode(signed(SEED, 66560), body)).error());
    }

    @Test
    void swappedOrDroppedChunksFailTheChain() {
        byte[] c1 = ascii("first");
        byte[] c2 = ascii("second");
        byte[] body = ChunkedBodies.signed(List.of(c1, c2), ctx(SEED), null, null);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int secondStart = text.indexOf("6;chunk-signature");
        int finalStart = text.indexOf("0;chunk-signature");
        String dropped = text.substring(0, secondStart) + text.substring(finalStart);
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
                () -> decode(signed(SEED, -1), dropped.getBytes(StandardCharsets.ISO_8859_1))).error());
        String swapped = text.substring(secondStart, finalStart) + text.substring(0, secondStart) + text.substring(finalStart);
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
                () -> decode(signed(SEED, -1), swapped.getBytes(StandardCharsets.ISO_8859_1))).error());
    }

    @Test
    void missingChunkSignatureInSignedModeIsRejected() {
        byte[] body = ascii("5\r\nhello\r\n0\r\n\r\n");
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH,
                assertThrows(S3Exception.class, () -> decode(signed(SEED, 5), body)).error());
    }

    @Test
    void truncatedBodyIsIncompleteBody() {
        byte[] body = docBody();
        for (int len : new int[]{0, 10, 86, 40000, 65536 + 86, body.length - 5}) {
            byte[] cut = Arrays.copyOf(body, len);
            assertEquals(S3Error.INCOMPLETE_BODY,
                    assertThrows(S3Exception.class, () -> decode(signed(SEED, 66560), cut)).error(), "len " + len);
        }
    }

    @Test
    void decodedLengthMustMatchHeader() {
        assertEquals(S3Error.INCOMPLETE_BODY,
                assertThrows(S3Exception.class, () -> decode(signed(SEED, 70000), docBody())).error());
        assertEquals(S3Error.INVALID_ARGUMENT,
                assertThrows(S3Exception.class, () -> decode(signed(SEED, 1000), docBody())).error());
    }

    @Test
    void malformedFramingIsInvalidArgument() {
        AwsChunkedDecoderFactory unsigned = h -> new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null,
                -1, Set.of(), h);
        for (String bad : new String[]{"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhelloXX0\r\n\r\n", ";x=1\r\n",
                "5\r\nhello\r\n0\r\n\r\nx:1\r\n\r\nextra", "1234567890123456\r\n"}) {
            assertEquals(S3Error.INVALID_ARGUMENT,
                    assertThrows(S3Exception.class, () -> decode(unsigned, ascii(bad))).error(), bad);
        }
        byte[] longLine = ascii("5;" + "x".repeat(AwsChunkedDecoder.MAX_LINE) + "\r\nhello\r\n0\r\n\r\n");
        assertEquals(S3Error.INVALID_ARGUMENT,
                assertThrows(S3Exception.class, () -> decode(unsigned, longLine)).error());
    }

    @Test
    void unsignedTrailerBodyExposesChecksumAndRequiresDeclaredTrailers() {
        byte[] body = ascii("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");
        AwsChunkedDecoder[] holder = new AwsChunkedDecoder[1];
        byte[] out = decode(h -> holder[0] = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, 11,
                Set.of("x-amz-checksum-crc32"), h), body);
        assertArrayEquals(ascii("hello world"), out);
        assertEquals("DUoRhQ==", holder[0].trailers().get("x-amz-checksum-crc32"));
        BodyDigests digests = new BodyDigests(false, false, ChecksumAlgorithm.CRC32);
        digests.update(Buffer.buffer(out));
        digests.verifyChecksum("DUoRhQ==");

        byte[] noTrailer = ascii("5\r\nhello\r\n0\r\n\r\n");
        assertEquals(S3Error.MALFORMED_TRAILER, assertThrows(S3Exception.class, () -> decode(h -> new AwsChunkedDecoder(
                PayloadMode.STREAMING_UNSIGNED_TRAILER, null, 5, Set.of("x-amz-checksum-crc32"), h), noTrailer)).error());
        // Without a declared trailer the same body is fine.
        assertArrayEquals(ascii("hello"), decode(h -> new AwsChunkedDecoder(
                PayloadMode.STREAMING_UNSIGNED_TRAILER, null, 5, Set.of(), h), noTrailer));
    }

    @Test
    void trailerWithoutFinalBlankLineIsAccepted() {
        byte[] body = ascii("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n");
        AwsChunkedDecoder[] holder = new AwsChunkedDecoder[1];
        decode(h -> holder[0] = new AwsChunkedDecoder(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, 5,
                Set.of("x-amz-checksum-crc32"), h), body);
        assertEquals("NhCmhg==", holder[0].trailers().get("x-amz-checksum-crc32"));
    }

    @Test
    void trailersAreRejectedWhenTheModeHasNone() {
        byte[] body = concat(ChunkedBodies.signedWithoutEnd(List.of(ascii("abc")), ctx(SEED)),
                ascii("x-amz-checksum-crc32:NSRBwg==\r\n\r\n"));
        assertEquals(S3Error.MALFORMED_TRAILER,
                assertThrows(S3Exception.class, () -> decode(signed(SEED, 3), body)).error());
    }

    @Test
    void signedTrailerModeRequiresTrailerSignature() {
        byte[] body = concat(ChunkedBodies.signedWithoutEnd(List.of(ascii("abc")), ctx(SEED)),
                ascii("x-amz-checksum-crc32:NSRBwg==\r\n\r\n"));
        assertEquals(S3Error.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class, () -> decode(
                h -> new AwsChunkedDecoder(PayloadMode.STREAMING_SIGNED_TRAILER, ctx(SEED), 3, Set.of(), h), body)).error());
    }

    @Test
    void randomBodiesRoundTripWithRandomPieces() {
        Random rnd = new Random(5);
        for (int round = 0; round < 30; round++) {
            int chunks = 1 + rnd.nextInt(4);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<byte[]> parts = new java.util.ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                byte[] p = new byte[1 + rnd.nextInt(20_000)];
                rnd.nextBytes(p);
                parts.add(p);
                all.writeBytes(p);
            }
            byte[] data = all.toByteArray();
            byte[] body = ChunkedBodies.signed(parts, ctx(SEED), "x-amz-checksum-crc32", "whatever");
            int[] cuts = rnd.ints(5, 0, body.length).sorted().toArray();
            AwsChunkedDecoder[] holder = new AwsChunkedDecoder[1];
            byte[] out = decode(h -> holder[0] = new AwsChunkedDecoder(PayloadMode.STREAMING_SIGNED_TRAILER, ctx(SEED),
                    data.length, Set.of("x-amz-checksum-crc32"), h), body, cuts);
            assertArrayEquals(data, out);
            assertEquals("whatever", holder[0].trailers().get("x-amz-checksum-crc32"));
        }
    }

    @Test
    void forRequestReadsDecodedLengthAndTrailerHeaders() {
        io.vertx.core.MultiMap h = AwsExamples.headers("x-amz-decoded-content-length", "5",
                "x-amz-trailer", "X-Amz-Checksum-CRC32 , x-amz-meta-other");
        AwsChunkedDecoder d = AwsChunkedDecoder.forRequest(PayloadMode.STREAMING_UNSIGNED_TRAILER, null, h, b -> { });
        d.handle(Buffer.buffer(ascii("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\nx-amz-meta-other:1\r\n\r\n")));
        d.end();
        assertEquals(2, d.trailers().size());
        assertEquals(Set.of("x-amz-checksum-crc32", "x-amz-meta-other"),
                AwsChunkedDecoder.parseTrailerHeader("X-Amz-Checksum-CRC32 , x-amz-meta-other"));
        assertEquals(S3Error.MISSING_CONTENT_LENGTH, assertThrows(S3Exception.class, () -> AwsChunkedDecoder.forRequest(
                PayloadMode.STREAMING_SIGNED, ctx(SEED), AwsExamples.headers(), b -> { })).error());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> AwsChunkedDecoder.forRequest(
                PayloadMode.STREAMING_SIGNED, ctx(SEED), AwsExamples.headers("x-amz-decoded-content-length", "-1"),
                b -> { })).error());
    }

    @Test
    void emittedPiecesAreSlicesNotCopiesOfTheWholeBody() {
        byte[] body = docBody();
        List<Integer> sizes = new java.util.ArrayList<>();
        AwsChunkedDecoder d = signed(SEED, 66560).create(b -> sizes.add(b.length()));
        for (int pos = 0; pos < body.length; pos += 8192) {
            d.handle(Buffer.buffer(Arrays.copyOfRange(body, pos, Math.min(body.length, pos + 8192))));
        }
        d.end();
        assertTrue(sizes.stream().allMatch(s -> s <= 8192), "no piece larger than the input pieces: " + sizes);
        assertEquals(66560, sizes.stream().mapToInt(Integer::intValue).sum());
    }

    static byte[] as(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'a');
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
