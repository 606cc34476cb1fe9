package io.stowage.s3.xml;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a small request body (the caller caps its size) into {@link XmlNode}s with the JDK's
 * StAX parser, DTDs and external entities disabled (no XXE, no entity expansion bombs).
 * Anything that is not well-formed becomes {@code MalformedXML}.
 */
public final class XmlTree {
    /** Deeper than any S3 request document; stops pathological nesting. */
    static final int MAX_DEPTH = 32;
    /** CompleteMultipartUpload with 10,000 parts and all checksum fields stays below this. */
    static final int MAX_ELEMENTS = 200_000;

    private XmlTree() {
    }

    /** A new factory per call: XMLInputFactory is not guaranteed thread-safe to configure and creation is cheap. */
    static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Returns the root element. */
    public static XmlNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw S3Exception.of(S3Error.MALFORMED_XML);
        }
        XMLStreamReader r = null;
        try {
            r = secureFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            Deque<XmlNode> stack = new ArrayDeque<>();
            XmlNode root = null;
            int elements = 0;
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++elements > MAX_ELEMENTS || stack.size() >= MAX_DEPTH) {
                            throw S3Exception.of(S3Error.MALFORMED_XML);
                        }
                        XmlNode n = new XmlNode(r.getLocalName());
                        if (stack.isEmpty()) {
                            root = n;
                        } else {
                            stack.peek().add(n);
                        }
                        stack.push(n);
                    }
                    case XMLStreamConstants.END_ELEMENT -> stack.pop();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA,
                         XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            stack.peek().appendText(r.getText());
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                        // A DOCTYPE has no place in an S3 request; refuse rather than ignore.
                            throw S3Exception.of(S3Error.MALFORMED_XML);
                    default -> {
                    }
                }
            }
            if (root == null) {
                throw S3Exception.of(S3Error.MALFORMED_XML);
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception s3) {
                throw s3;
            }
            throw new S3Exception(S3Error.MALFORMED_XML, null, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the in-memory input
                }
            }
        }
    }

    /** Fails with MalformedXML unless the root element has the expected local name. */
    static XmlNode parseRoot(byte[] body, String expectedRoot) {
        XmlNode root = parse(body);
        if (!root.name().equals(expectedRoot)) {
            throw S3Exception.of(S3Error.MALFORMED_XML);
        }
        return root;
    }
}
