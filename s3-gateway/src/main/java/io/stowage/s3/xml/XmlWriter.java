package io.stowage.s3.xml;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Minimal XML writer for S3 response bodies. Not thread-safe; one per response.
 * <p>
 * Streaming-friendly: a handler listing many entries can call {@link #drain()} every few hundred
 * elements and write the returned bytes with chunked transfer encoding, so the whole document is
 * never held in memory.
 */
public final class XmlWriter {
    public static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    /** Namespace of every S3 REST response document. */
    public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder out = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter(boolean declaration) {
        if (declaration) {
            out.append(DECLARATION);
        }
    }

    /** A document starting with the XML declaration, as AWS sends it. */
    public static XmlWriter withDeclaration() {
        return new XmlWriter(true);
    }

    /** A fragment without declaration (e.g. for tests or nested writers). */
    public static XmlWriter fragment() {
        return new XmlWriter(false);
    }

    /** Opens {@code <name>}. */
    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Opens {@code <name a1="v1" a2="v2">}; attributes are given as name/value pairs. */
    public XmlWriter start(String name, String... attributeNameValuePairs) {
        if (attributeNameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("attributes must come in name/value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributeNameValuePairs.length; i += 2) {
            out.append(' ').append(attributeNameValuePairs[i]).append("=\"");
            escape(attributeNameValuePairs[i + 1], out);
            out.append('"');
        }
        out.append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no open element");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>text</name>}; a null text writes an empty element. */
    public XmlWriter element(String name, String text) {
        out.append('<').append(name).append('>');
        if (text != null) {
            escape(text, out);
        }
        out.append("</").append(name).append('>');
        return this;
    }

    public XmlWriter element(String name, long value) {
        out.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
        return this;
    }

    public XmlWriter element(String name, boolean value) {
        out.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
        return this;
    }

    /** Writes the element only when {@code text} is not null (optional fields such as VersionId). */
    public XmlWriter elementIfPresent(String name, String text) {
        return text == null ? this : element(name, text);
    }

    /** Number of elements still open. */
    public int depth() {
        return open.size();
    }

    /** Characters written and not yet drained. */
    public int pendingChars() {
        return out.length();
    }

    /** Returns what was written since the last drain, as UTF-8, and forgets it. */
    public Buffer drain() {
        Buffer b = Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
        out.setLength(0);
        return b;
    }

    /** The whole (undrained) text; use when the document is small. */
    @Override
    public String toString() {
        return out.toString();
    }

    public Buffer toBuffer() {
        return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** XML-escapes text or attribute content. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        escape(text, sb);
        return sb.toString();
    }

    /**
     * Escapes the five markup characters. Control characters (legal in S3 keys, illegal raw in
     * XML 1.0) become numeric references; CR does too, since parsers would otherwise normalise it
     * to LF and a listed key would no longer match the stored one.
     */
    static void escape(String text, StringBuilder sb) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    if (c < 0x20) {
                        sb.append("&#x").append(Integer.toHexString(c).toUpperCase()).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
