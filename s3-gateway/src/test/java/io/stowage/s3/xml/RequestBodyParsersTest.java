package io.stowage.s3.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyParsersTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(S3Error expected, Runnable r) {
        S3Exception e = assertThrows(S3Exception.class, r::run);
        assertEquals(expected, e.error(), e.getMessage());
    }

    @Test
    void createBucketConfigurationWithAndWithoutNamespace() {
        assertEquals("eu-west-1", CreateBucketConfiguration.parse(utf8(
                "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<LocationConstraint> eu-west-1 </LocationConstraint></CreateBucketConfiguration>"))
                .locationConstraint());
        assertEquals("us-west-2", CreateBucketConfiguration.parse(utf8(
                "<?xml version=\"1.0\"?><CreateBucketConfiguration><LocationConstraint>us-west-2"
                        + "</LocationConstraint></CreateBucketConfiguration>")).locationConstraint());
        assertNull(CreateBucketConfiguration.parse(utf8(
                "<CreateBucketConfiguration><LocationConstraint/></CreateBucketConfiguration>")).locationConstraint());
    }

    @Test
    void deleteParsesKeysVerbatimVersionsAndQuiet() {
        DeleteObjectsRequest d = DeleteObjectsRequest.parse(utf8(
                "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
                        + "<Object><Key> spaced key </Key></Object>"
                        + "<Object><Key>a&amp;b&lt;&#x4E2D;</Key><VersionId>v1</VersionId></Object>"
                        + "<Object><Key><![CDATA[x<y]]></Key></Object></Delete>"));
        assertTrue(d.quiet());
        assertEquals(3, d.objects().size());
        assertEquals(" spaced key ", d.objects().get(0).key());
        assertNull(d.objects().get(0).versionId());
        assertEquals("a&b<中", d.objects().get(1).key());
        assertEquals("v1", d.objects().get(1).versionId());
        assertEquals("x<y", d.objects().get(2).key());
        assertFalse(DeleteObjectsRequest.parse(utf8("<Delete><Object><Key>k</Key></Object></Delete>")).quiet());
    }

    @Test
    void deleteRoundTripsThroughXmlWriter() {
        XmlWriter w = XmlWriter.withDeclaration().start("Delete", "xmlns", XmlWriter.S3_NAMESPACE);
        w.element("Quiet", false);
        String[] keys = {"a", "dir/b c", "\u00e9&<>\"'", "tab\tkey", "cr\rkey"};
        for (String k : keys) {
            w.start("Object").element("Key", k).end();
        }
        w.end();
        DeleteObjectsRequest d = DeleteObjectsRequest.parse(w.toBuffer().getBytes());
        assertEquals(keys.length, d.objects().size());
        for (int i = 0; i < keys.length; i++) {
            assertEquals(keys[i], d.objects().get(i).key());
        }
    }

    @Test
    void deleteRejectsTooManyOrNoObjectsOrMissingKeyOrBadQuiet() {
        StringBuilder many = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) {
            many.append("<Object><Key>k").append(i).append("</Key></Object>");
        }
        many.append("</Delete>");
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(utf8(many.toString())));
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(utf8("<Delete></Delete>")));
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(
                utf8("<Delete><Object><VersionId>v</VersionId></Object></Delete>")));
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(
                utf8("<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>")));
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(
                utf8("<NotDelete><Object><Key>k</Key></Object></NotDelete>")));
    }

    @Test
    void completeMultipartUploadParsesPartsAndChecksums() {
        CompleteMultipartUpload c = CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Part><PartNumber>1</PartNumber><ETag>\"A1B2\"</ETag>"
                        + "<ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>"
                        + "<Part><ETag>&quot;c3&quot;</ETag><PartNumber>3</PartNumber>"
                        + "<ChecksumCRC64NVME>AAAAAAAAAAA=</ChecksumCRC64NVME>"
                        + "<ChecksumSHA256>x</ChecksumSHA256></Part>"
                        + "</CompleteMultipartUpload>"));
        assertEquals(2, c.parts().size());
        assertEquals(1, c.parts().get(0).partNumber());
        assertEquals("\"A1B2\"", c.parts().get(0).etag());
        assertEquals("a1b2", c.parts().get(0).normalizedETag());
        assertEquals(Map.of(ChecksumAlgorithm.CRC32, "AAAAAA=="), c.parts().get(0).checksums());
        assertEquals(3, c.parts().get(1).partNumber());
        assertEquals("c3", c.parts().get(1).normalizedETag());
        assertEquals(Map.of(ChecksumAlgorithm.CRC64NVME, "AAAAAAAAAAA=", ChecksumAlgorithm.SHA256, "x"),
                c.parts().get(1).checksums());
    }

    @Test
    void completeMultipartUploadValidatesOrderAndNumbers() {
        assertError(S3Error.INVALID_PART_ORDER, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part>"
                        + "<Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>")));
        assertError(S3Error.INVALID_PART_ORDER, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part>"
                        + "<Part><PartNumber>2</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>")));
        assertError(S3Error.INVALID_ARGUMENT, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>a</ETag></Part>"
                        + "</CompleteMultipartUpload>")));
        assertError(S3Error.INVALID_ARGUMENT, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>0</PartNumber><ETag>a</ETag></Part>"
                        + "</CompleteMultipartUpload>")));
        assertError(S3Error.MALFORMED_XML, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part>"
                        + "</CompleteMultipartUpload>")));
        assertError(S3Error.MALFORMED_XML, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")));
        assertError(S3Error.MALFORMED_XML, () -> CompleteMultipartUpload.parse(utf8(
                "<CompleteMultipartUpload></CompleteMultipartUpload>")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "<Delete>", "<Delete><Object><Key>k</Key></Object>", "not xml at all",
        "<Delete><Object><Key>k</Key></Object></Delete><Extra/>", "<Delete><Object><Key>&bogus;</Key></Object></Delete>",
    })
    void malformedBodiesAreMalformedXml(String body) {
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(utf8(body)));
    }

    @Test
    void externalEntitiesAreNeverResolved(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        S3Exception e = assertThrows(S3Exception.class, () -> DeleteObjectsRequest.parse(utf8(xxe)));
        assertEquals(S3Error.MALFORMED_XML, e.error());
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<Delete><Object><Key>&b;</Key></Object></Delete>";
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(utf8(bomb)));
    }

    @Test
    void excessiveNestingIsRejected() {
        String deep = "<Delete>" + "<a>".repeat(XmlTree.MAX_DEPTH) + "</a>".repeat(XmlTree.MAX_DEPTH) + "</Delete>";
        assertError(S3Error.MALFORMED_XML, () -> DeleteObjectsRequest.parse(utf8(deep)));
    }
}
