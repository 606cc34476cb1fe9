package io.stowage.s3.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XmlWriterTest {

    @Test
    void writesNestedDocumentWithDeclarationAndNamespace() {
        XmlWriter w = XmlWriter.withDeclaration();
        w.start("ListAllMyBucketsResult", "xmlns", XmlWriter.S3_NAMESPACE)
                .start("Buckets").start("Bucket").element("Name", "b1").element("Size", 42L)
                .element("IsTruncated", false).elementIfPresent("VersionId", null).end().end().end();
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Buckets><Bucket>"
                + "<Name>b1</Name><Size>42</Size><IsTruncated>false</IsTruncated></Bucket></Buckets>"
                + "</ListAllMyBucketsResult>", w.toString());
        assertEquals(0, w.depth());
    }

    @Test
    void escapesMarkupAndControlCharacters() {
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&apos;f", XmlWriter.escape("a&b<c>d\"e'f"));
        assertEquals("tab\tnl\n&#xD;&#x1;&#x1F;", XmlWriter.escape("tab\tnl\n\r\u0001\u001f"));
        assertEquals("日本語 ü", XmlWriter.escape("日本語 ü"));
    }

    @Test
    void attributeValuesAreEscaped() {
        String s = XmlWriter.fragment().start("G", "a", "x\"<y").end().toString();
        assertEquals("<G a=\"x&quot;&lt;y\"></G>", s);
    }

    @Test
    void drainReturnsPiecesThatConcatenateToTheDocument() {
        XmlWriter w = XmlWriter.withDeclaration();
        w.start("R");
        Buffer all = Buffer.buffer();
        for (int i = 0; i < 100; i++) {
            w.element("Key", "k" + i + "é");
            if (i % 30 == 0) {
                all.appendBuffer(w.drain());
                assertEquals(0, w.pendingChars());
            }
        }
        w.end();
        all.appendBuffer(w.drain());
        String text = all.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith(XmlWriter.DECLARATION + "<R><Key>k0é</Key>"), text);
        assertTrue(text.endsWith("<Key>k99é</Key></R>"), text);
        // Parses back: the pieces are a well-formed document.
        XmlNode root = XmlTree.parse(all.getBytes());
        assertEquals(100, root.children("Key").size());
        assertEquals("k57é", root.children("Key").get(57).text());
    }

    @Test
    void endWithoutStartFails() {
        assertThrows(IllegalStateException.class, () -> XmlWriter.fragment().end());
    }
}
