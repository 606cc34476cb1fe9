package io.stowage.s3.auth;

import io.stowage.s3.checksum.Digests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hash and HMAC primitives used by the signers. The one-shot calls reuse a JCA object per thread
 * (looking a provider up costs more than hashing a canonical request); {@link #newSha256} is fresh.
 */
public final class Crypto {
    /** Hex SHA-256 of the empty string; appears in every chunk string-to-sign. */
    public static final String EMPTY_SHA256_HEX =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Crypto::newSha256);
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> newMac("HmacSHA256"));
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> newMac("HmacSHA1"));

    private Crypto() {
    }

    public static MessageDigest newSha256() {
        return Digests.fresh("SHA-256");
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data); // digest() leaves it reset for the next call
    }

    public static String sha256Hex(String utf8) {
        return hex(sha256(utf8.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] hmacSha256(byte[] key, String data) {
        return hmac(HMAC_SHA256.get(), key, data);
    }

    public static byte[] hmacSha1(byte[] key, String data) {
        return hmac(HMAC_SHA1.get(), key, data);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Compares two signatures in time independent of where they differ ({@link MessageDigest#isEqual}),
     * so a forger learns nothing from response timing. Null never matches.
     */
    public static boolean constantTimeEquals(String expected, String provided) {
        if (expected == null || provided == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                provided.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(Mac mac, byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable HMAC key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8)); // doFinal() leaves it reset
    }

    private static Mac newMac(String algorithm) {
        try {
            return Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JRE", e);
        }
    }
}
