package io.stowage.s3.xml;

import java.util.ArrayList;
import java.util.List;

/** A parsed element: local name (namespace dropped, as S3 accepts bodies with or without it), text, children. */
public final class XmlNode {
    private final String name;
    private final StringBuilder text = new StringBuilder();
    private final List<XmlNode> children = new ArrayList<>();

    XmlNode(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Text directly inside this element, untrimmed. */
    public String text() {
        return text.toString();
    }

    public List<XmlNode> children() {
        return children;
    }

    /** First child with that local name, or null. */
    public XmlNode child(String childName) {
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Trimmed text of the first child with that name, or null when absent. */
    public String childText(String childName) {
        XmlNode c = child(childName);
        return c == null ? null : c.text().trim();
    }

    /** All children with that local name, in document order. */
    public List<XmlNode> children(String childName) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    void appendText(String s) {
        text.append(s);
    }

    void add(XmlNode child) {
        children.add(child);
    }
}
