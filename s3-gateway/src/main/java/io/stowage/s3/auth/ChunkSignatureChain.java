package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;

/**
 * The rolling signature of an aws-chunked body: each chunk's signature signs the previous one,
 * starting from the seed, so chunks cannot be dropped, reordered or replaced. One per body.
 */
public final class ChunkSignatureChain {
    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private String previous;

    public ChunkSignatureChain(byte[] signingKey, String amzDate, String scope, String seedSignature) {
        this.signingKey = signingKey.clone();
        this.amzDate = amzDate;
        this.scope = scope;
        this.previous = seedSignature;
    }

    /** Signature the next chunk must carry, given the SHA-256 of its data; does not advance. */
    public String expectedChunkSignature(byte[] chunkSha256) {
        return SigV4.signature(signingKey,
                SigV4.chunkStringToSign(amzDate, scope, previous, Crypto.hex(chunkSha256)));
    }

    /** Checks the next chunk's signature and advances the chain; mismatch is SignatureDoesNotMatch. */
    public void verifyChunk(byte[] chunkSha256, String provided) {
        String expected = expectedChunkSignature(chunkSha256);
        if (!SigV4.signaturesMatch(expected, provided)) {
            throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        previous = expected;
    }

    /** Signature of the trailer chunk, chained to the final (empty) chunk's signature. */
    public String expectedTrailerSignature(String canonicalTrailers) {
        return SigV4.signature(signingKey,
                SigV4.trailerStringToSign(amzDate, scope, previous, canonicalTrailers));
    }

    public void verifyTrailer(String canonicalTrailers, String provided) {
        if (!SigV4.signaturesMatch(expectedTrailerSignature(canonicalTrailers), provided)) {
            throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
    }

    /** The last verified signature (the seed before any chunk). */
    public String previousSignature() {
        return previous;
    }
}
