package io.stowage.s3.auth;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * AWS's URI encoding (SigV4 "UriEncode"): RFC 3986 unreserved characters {@code A-Z a-z 0-9 - _ . ~}
 * are kept, every other byte of the UTF-8 form becomes {@code %XY} with upper-case hex (so space
 * is {@code %20}, never {@code +}).
 * <p>
 * Canonicalisation works on bytes (percent-decode, then re-encode) so that a client's bytes are
 * reproduced exactly, whether or not they are valid UTF-8.
 */
public final class AwsUriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AwsUriEncoding() {
    }

    /** Encodes a string; with {@code keepSlash} a {@code /} stays literal (object key paths). */
    public static String encode(String s, boolean keepSlash) {
        return encodeBytes(s.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    /**
     * Re-encodes an already percent-encoded component the AWS way: decode once, encode once.
     * Clients differ in which characters they escape on the wire; the canonical form does not.
     *
     * @param plusIsSpace true for query components, where {@code +} means space (form encoding)
     */
    public static String canonicalize(String raw, boolean plusIsSpace) {
        return encodeBytes(decodeToBytes(raw, plusIsSpace), false);
    }

    /** Percent-decodes into a UTF-8 string; a malformed escape is InvalidURI. */
    public static String decode(String raw, boolean plusIsSpace) {
        return new String(decodeToBytes(raw, plusIsSpace), StandardCharsets.UTF_8);
    }

    static byte[] decodeToBytes(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw S3Exception.of(S3Error.INVALID_URI);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw S3Exception.of(S3Error.INVALID_URI);
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // Raw non-ASCII on the wire (not legal in a URI, but sent by some tools): its UTF-8 bytes.
                int cp = raw.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                i += Character.charCount(cp) - 1;
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    static String encodeBytes(byte[] bytes, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte value : bytes) {
            int b = value & 0xff;
            if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '_' || b == '.' || b == '~' || (keepSlash && b == '/')) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }
}
