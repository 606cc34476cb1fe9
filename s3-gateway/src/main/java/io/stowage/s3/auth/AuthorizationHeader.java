package io.stowage.s3.auth;

import java.util.List;

/** A parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
public record AuthorizationHeader(Credential credential, List<String> signedHeaders, String signature)
        implements ParsedAuth {

    public AuthorizationHeader {
        signedHeaders = List.copyOf(signedHeaders);
    }

    @Override
    public String accessKeyId() {
        return credential.accessKeyId();
    }

    public CredentialScope scope() {
        return credential.scope();
    }

    /** Never prints the signature: records' toString ends up in logs. */
    @Override
    public String toString() {
        return "AuthorizationHeader[" + credential + ", signedHeaders=" + signedHeaders + "]";
    }
}
