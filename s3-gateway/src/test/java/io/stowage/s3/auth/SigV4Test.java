package io.stowage.s3.auth;

import static io.stowage.s3.auth.AwsExamples.AMZ_DATE;
import static io.stowage.s3.auth.AwsExamples.EMPTY_SHA;
import static io.stowage.s3.auth.AwsExamples.SCOPE;
import static io.stowage.s3.auth.AwsExamples.headers;
import static io.stowage.s3.auth.AwsExamples.signingKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of "Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk". */
class SigV4Test {

    @Test
    void getObjectWithRangeExample() {
        MultiMap h = headers("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA, "x-amz-date", AMZ_DATE);
        List<String> signed = List.of("host", "range", "x-amz-content-sha256", "x-amz-date");
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri("/test.txt"), SigV4.canonicalQuery(null, null),
                h, signed, EMPTY_SHA);
        assertEquals("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                + "x-amz-content-sha256:" + EMPTY_SHA + "\nx-amz-date:20130524T000000Z\n\n"
                + "host;range;x-amz-content-sha256;x-amz-date\n" + EMPTY_SHA, canonical);
        String sts = SigV4.stringToSign(AMZ_DATE, SCOPE, canonical);
        assertEquals("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                + "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972", sts);
        assertEquals("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                SigV4.signature(signingKey(), sts));
    }

    @Test
    void putObjectExampleEncodesDollarInPath() {
        MultiMap h = headers("Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", AMZ_DATE, "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        List<String> signed = List.of("date", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-storage-class");
        // The client may send '$' raw or encoded; the canonical form is the same.
        assertEquals("/test%24file.text", SigV4.canonicalUri("/test$file.text"));
        assertEquals("/test%24file.text", SigV4.canonicalUri("/test%24file.text"));
        String canonical = SigV4.canonicalRequest("PUT", SigV4.canonicalUri("/test$file.text"), "", h, signed,
                "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        assertEquals("98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
                SigV4.signature(signingKey(), SigV4.stringToSign(AMZ_DATE, SCOPE, canonical)));
    }

    @Test
    void getBucketLifecycleExampleHasValuelessParameter() {
        MultiMap h = headers("Host", "examplebucket.s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA);
        assertEquals("lifecycle=", SigV4.canonicalQuery("lifecycle", null));
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri("/"), SigV4.canonicalQuery("lifecycle", null),
                h, List.of("host", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA);
        assertEquals("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
                SigV4.signature(signingKey(), SigV4.stringToSign(AMZ_DATE, SCOPE, canonical)));
    }

    @Test
    void listObjectsExampleSortsQueryParameters() {
        MultiMap h = headers("Host", "examplebucket.s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA);
        assertEquals("max-keys=2&prefix=J", SigV4.canonicalQuery("prefix=J&max-keys=2", null));
        String canonical = SigV4.canonicalRequest("GET", "/", SigV4.canonicalQuery("prefix=J&max-keys=2", null),
                h, List.of("host", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA);
        assertEquals("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
                SigV4.signature(signingKey(), SigV4.stringToSign(AMZ_DATE, SCOPE, canonical)));
    }

    @Test
    void presignedUrlExample() {
        String rawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri("/test.txt"),
                SigV4.canonicalQuery(rawQuery, "X-Amz-Signature"), headers("Host", "examplebucket.s3.amazonaws.com"),
                List.of("host"), SigV4.UNSIGNED_PAYLOAD);
        assertEquals("GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524"
                + "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
                + "&X-Amz-SignedHeaders=host\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD", canonical);
        assertEquals("aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                SigV4.signature(signingKey(), SigV4.stringToSign(AMZ_DATE, SCOPE, canonical)));
    }

    @Test
    void chunkedUploadSeedSignatureExample() {
        MultiMap h = headers("Host", "s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY", "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "66560", "Content-Length", "66824");
        List<String> signed = List.of("content-encoding", "content-length", "host", "x-amz-content-sha256",
                "x-amz-date", "x-amz-decoded-content-length", "x-amz-storage-class");
        String canonical = SigV4.canonicalRequest("PUT", SigV4.canonicalUri("/examplebucket/chunkObject.txt"), "",
                h, signed, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertEquals("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
                SigV4.signature(signingKey(), SigV4.stringToSign(AMZ_DATE, SCOPE, canonical)));
    }

    @Test
    void trailerUploadSeedSignatureExample() {
        MultiMap h = headers("Host", "s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "66560",
                "x-amz-trailer", "x-amz-checksum-crc32c");
        List<String> signed = List.of("content-encoding", "host", "x-amz-content-sha256", "x-amz-date",
                "x-amz-decoded-content-length", "x-amz-storage-class", "x-amz-trailer");
        String sts = SigV4.stringToSign(AMZ_DATE, SCOPE, SigV4.canonicalRequest("PUT", "/examplebucket/chunkObject.txt",
                "", h, signed, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"));
        assertTrue(sts.endsWith("44d48b8c2f70eae815a0198cc73d7a546a73a93359c070abbaa5e6c7de112559"), sts);
        assertEquals("106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e", SigV4.signature(signingKey(), sts));
    }

    @Test
    void chunkSignatureChainExample() {
        byte[] a64k = new byte[65536];
        java.util.Arrays.fill(a64k, (byte) 'a');
        byte[] a1k = new byte[1024];
        java.util.Arrays.fill(a1k, (byte) 'a');
        ChunkSignatureChain chain = new ChunkSignatureChain(signingKey(), AMZ_DATE, SCOPE,
                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
        assertEquals("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                chain.expectedChunkSignature(Crypto.sha256(a64k)));
        chain.verifyChunk(Crypto.sha256(a64k), "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        chain.verifyChunk(Crypto.sha256(a1k), "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        chain.verifyChunk(Crypto.sha256(new byte[0]), "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        assertEquals("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", chain.previousSignature());
    }

    @Test
    void trailerSignatureExample() {
        ChunkSignatureChain chain = new ChunkSignatureChain(signingKey(), AMZ_DATE, SCOPE,
                "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992");
        assertEquals("d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435",
                chain.expectedTrailerSignature("x-amz-checksum-crc32c:sOO8/Q==\n"));
    }

    @Test
    void signingKeyMatchesDerivationByHand() {
        byte[] k = Crypto.hmacSha256(Crypto.hmacSha256(Crypto.hmacSha256(Crypto.hmacSha256(
                ("AWS4" + AwsExamples.SECRET_KEY).getBytes(), "20130524"), "us-east-1"), "s3"), "aws4_request");
        assertEquals(Crypto.hex(k), Crypto.hex(signingKey()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "/|/",
        "\"\"|/",
        "/bucket/a b|/bucket/a%20b",
        "/bucket/a%20b|/bucket/a%20b",
        "/bucket/a+b|/bucket/a%2Bb",
        "/bucket/a%2Fb/c|/bucket/a%2Fb/c",
        "/bucket//x/./y|/bucket//x/./y",
        "/bucket/~_-.!*'()|/bucket/~_-.%21%2A%27%28%29",
        "/bucket/%e6%97%a5|/bucket/%E6%97%A5",
        "/bucket/日|/bucket/%E6%97%A5",
        "/bucket/dir/|/bucket/dir/",
    })
    void canonicalUriEncodesEachSegmentOnce(String raw, String expected) {
        assertEquals(expected, SigV4.canonicalUri(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "b=2&a=1|a=1&b=2",
        "a=2&a=1|a=1&a=2",
        "prefix=a+b|prefix=a%20b",
        "prefix=a%20b|prefix=a%20b",
        "prefix=a%2Bb|prefix=a%2Bb",
        "uploads|uploads=",
        "uploads=&x=|uploads=&x=",
        "k=%7e*|k=~%2A",
        "a-b=1&a=2&a_b=3|a=2&a-b=1&a_b=3",
        "delimiter=/|delimiter=%2F",
        "&&a=1&|a=1",
        "B=1&a=1|B=1&a=1",
    })
    void canonicalQuerySortsAndEncodes(String raw, String expected) {
        assertEquals(expected, SigV4.canonicalQuery(raw, null));
    }

    @Test
    void canonicalHeadersTrimCollapseAndJoinRepeatedValues() {
        MultiMap h = headers("X-Amz-Meta-A", "  two  spaces   inside ", "x-amz-meta-a", "second", "Host", "h");
        assertEquals("host:h\nx-amz-meta-a:two spaces inside,second\n",
                SigV4.canonicalHeaders(h, List.of("host", "x-amz-meta-a")));
    }

    @Test
    void signatureComparisonIsExactButCaseInsensitiveForHex() {
        String sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        assertTrue(SigV4.signaturesMatch(sig, sig));
        assertTrue(SigV4.signaturesMatch(sig, sig.toUpperCase()));
        assertFalse(SigV4.signaturesMatch(sig, sig.substring(0, 63) + "0"));
        assertFalse(SigV4.signaturesMatch(sig, sig.substring(1)));
        assertFalse(SigV4.signaturesMatch(sig, null));
    }
}
