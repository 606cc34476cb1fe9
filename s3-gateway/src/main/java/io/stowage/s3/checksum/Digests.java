package io.stowage.s3.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh {@link MessageDigest}s for one body or one signature chain each. They are cloned from a
 * prototype per algorithm, which is never updated (so cloning it from any thread is safe): a clone
 * skips the provider lookup of {@code getInstance}, which showed per request in PUT profiles.
 */
public final class Digests {
    private static final ConcurrentHashMap<String, MessageDigest> PROTOTYPES = new ConcurrentHashMap<>();

    private Digests() {
    }

    /** A new digest of {@code algorithm} (MD5, SHA-1, SHA-256: every JRE has them). */
    public static MessageDigest fresh(String algorithm) {
        MessageDigest prototype = PROTOTYPES.computeIfAbsent(algorithm, Digests::lookUp);
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp(algorithm);
        }
    }

    private static MessageDigest lookUp(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JRE", e);
        }
    }
}
