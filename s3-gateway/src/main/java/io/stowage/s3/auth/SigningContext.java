package io.stowage.s3.auth;

/**
 * What a verified SigV4 request leaves behind for checking its aws-chunked body: the signing key,
 * the request's amz-date and scope, and the seed signature (the request's own signature).
 */
public record SigningContext(byte[] signingKey, String amzDate, String scope, String seedSignature) {

    public SigningContext {
        signingKey = signingKey.clone();
    }

    /** A fresh chain for one body, starting from the seed signature. */
    public ChunkSignatureChain newChain() {
        return new ChunkSignatureChain(signingKey, amzDate, scope, seedSignature);
    }

    @Override
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** Never prints the key or signature. */
    @Override
    public String toString() {
        return "SigningContext[" + amzDate + ", " + scope + "]";
    }
}
