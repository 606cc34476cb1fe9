package io.stowage.s3.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Test encoder for signed aws-chunked bodies, built on the (separately vector-tested) chain. */
final class ChunkedBodies {
    private ChunkedBodies() {
    }

    /** Data chunks and the signed final chunk line, without trailers or the closing blank line. */
    static byte[] signedWithoutEnd(List<byte[]> chunks, SigningContext ctx) {
        return encode(chunks, ctx, null, null, false);
    }

    /** A complete body; with a trailer name, a signed trailer follows the final chunk. */
    static byte[] signed(List<byte[]> chunks, SigningContext ctx, String trailerName, String trailerValue) {
        return encode(chunks, ctx, trailerName, trailerValue, true);
    }

    private static byte[] encode(List<byte[]> chunks, SigningContext ctx, String trailerName, String trailerValue,
                                 boolean close) {
        ChunkSignatureChain chain = ctx.newChain();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            String sig = chain.expectedChunkSignature(Crypto.sha256(c));
            chain.verifyChunk(Crypto.sha256(c), sig);
            out.writeBytes((Integer.toHexString(c.length) + ";chunk-signature=" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(c);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String finalSig = chain.expectedChunkSignature(Crypto.sha256(new byte[0]));
        chain.verifyChunk(Crypto.sha256(new byte[0]), finalSig);
        out.writeBytes(("0;chunk-signature=" + finalSig + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (trailerName != null) {
            String canonical = AwsChunkedDecoder.canonicalTrailers(Map.of(trailerName, trailerValue));
            out.writeBytes((trailerName + ":" + trailerValue + "\r\nx-amz-trailer-signature:"
                    + chain.expectedTrailerSignature(canonical) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        if (close) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
