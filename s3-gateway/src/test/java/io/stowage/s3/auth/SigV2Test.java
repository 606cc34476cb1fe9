package io.stowage.s3.auth;

import static io.stowage.s3.auth.AwsExamples.SECRET_KEY;
import static io.stowage.s3.auth.AwsExamples.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.DefaultRequest;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.http.HttpMethodName;
import com.amazonaws.services.s3.internal.S3QueryStringSigner;
import com.amazonaws.services.s3.internal.S3Signer;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Examples from "Signing and authenticating REST requests" (SigV2) and a cross-check with the AWS SDK v1 signer. */
class SigV2Test {

    @Test
    void getObjectExample() {
        MultiMap h = headers("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
        String sts = SigV2.stringToSign("GET", h, SigV2.canonicalResource("awsexamplebucket1", "/photos/puppy.jpg", null), null);
        assertEquals("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", sts);
        assertEquals("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", SigV2.signature(SECRET_KEY, sts));
    }

    @Test
    void putObjectExample() {
        MultiMap h = headers("Content-Type", "image/jpeg", "Content-Length", "94328",
                "Date", "Tue, 27 Mar 2007 21:15:45 +0000");
        String sts = SigV2.stringToSign("PUT", h, SigV2.canonicalResource("awsexamplebucket1", "/photos/puppy.jpg", null), null);
        assertEquals("iqRzw+ileNPu1fhspnRs8nOjjIA=", SigV2.signature(SECRET_KEY, sts));
    }

    @Test
    void listExampleIgnoresNonSubresourceParameters() {
        MultiMap h = headers("User-Agent", "Mozilla/5.0", "Date", "Tue, 27 Mar 2007 19:42:41 +0000");
        String resource = SigV2.canonicalResource("awsexamplebucket1", "/", "prefix=photos&max-keys=50&marker=puppy");
        assertEquals("/awsexamplebucket1/", resource);
        assertEquals("m0WP8eCtspQl5Ahe6L1SozdX9YA=", SigV2.signature(SECRET_KEY, SigV2.stringToSign("GET", h, resource, null)));
    }

    @Test
    void subresourcesAreSortedWithDecodedValuesAndAmzHeadersCanonicalised() {
        assertEquals("/b/k?acl&versionId=a b", SigV2.canonicalResource(null, "/b/k", "versionId=a%20b&acl&foo=1"));
        assertEquals("/b/k?partNumber=2&uploadId=x", SigV2.canonicalResource(null, "/b/k", "uploadId=x&partNumber=2"));
        assertEquals("/b/k?acl&versionId=2&versionId=1",
                SigV2.canonicalResource(null, "/b/k", "versionId=2&versionId=1&acl"));
        MultiMap h = headers("X-Amz-Meta-B", " 2 ", "x-amz-meta-a", "1", "x-amz-meta-b", "3", "X-Amz-Date", "d");
        assertEquals("x-amz-date:d\nx-amz-meta-a:1\nx-amz-meta-b:2,3\n", SigV2.canonicalAmzHeaders(h));
        // With x-amz-date the Date line is empty.
        assertEquals("GET\n\n\n\nx-amz-date:d\nx-amz-meta-a:1\nx-amz-meta-b:2,3\n/b",
                SigV2.stringToSign("GET", h.add("Date", "ignored"), "/b", null));
    }

    @Test
    void headerParsing() {
        SigV2Auth a = SigV2.parseHeader("AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        assertEquals("AKIAIOSFODNN7EXAMPLE", a.accessKeyId());
        assertEquals("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", a.signature());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> SigV2.parseHeader("AWS nocolon")).error());
        assertEquals(S3Error.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> SigV2.parseHeader("AWS ak:")).error());
    }

    @Test
    void randomRequestsSignedByAwsSdkV1VerifyThroughTheAuthenticator() {
        RequestAuthenticator auth = new RequestAuthenticator(new SigningKeyCache(), null, RequestTime.DEFAULT_MAX_SKEW);
        Random rnd = new Random(21);
        String[] subs = {"acl", "uploads", "versionId", "uploadId", "partNumber", "tagging", "prefix", "delete"};
        for (int i = 0; i < 100; i++) {
            String resourcePath = "/bucket/" + SdkSignerCrossCheckTest.randomString(rnd, 20);
            DefaultRequest<Void> req = new DefaultRequest<>("Amazon S3");
            req.setHttpMethod(rnd.nextBoolean() ? HttpMethodName.GET : HttpMethodName.PUT);
            req.setEndpoint(URI.create("http://localhost:9000"));
            StringBuilder query = new StringBuilder();
            for (int p = rnd.nextInt(3); p > 0; p--) {
                String name = subs[rnd.nextInt(subs.length)];
                String value = name.equals("acl") || name.equals("uploads") || name.equals("delete") ? null : "v" + rnd.nextInt(99);
                req.addParameter(name, value);
                query.append(query.length() > 0 ? "&" : "").append(name).append(value == null ? "" : "=" + value);
            }
            if (rnd.nextBoolean()) {
                req.addHeader("x-amz-meta-color", "blue " + rnd.nextInt());
            }
            if (rnd.nextBoolean()) {
                req.addHeader("Content-Type", "application/octet-stream");
            }
            new S3Signer(req.getHttpMethod().name(), resourcePath).sign(req, new BasicAWSCredentials("AKV1", SECRET_KEY));
            MultiMap h = MultiMap.caseInsensitiveMultiMap();
            req.getHeaders().forEach(h::add);
            // What SDK v1 puts on the wire (and signs): the encoded path with "//" escaped as "/%2F".
            String rawPath = com.amazonaws.util.SdkHttpUtils.appendUri("",
                    com.amazonaws.util.SdkHttpUtils.urlEncode(resourcePath, true), true);
            RequestView v = new RequestView(req.getHttpMethod().name(), rawPath,
                    query.length() == 0 ? null : query.toString(), h);
            AuthResult r = auth.verify(v, auth.parse(v), SECRET_KEY, Instant.now());
            assertEquals("AKV1", r.accessKeyId(), rawPath + "?" + query);
            assertEquals(AuthType.SIGV2_HEADER, r.type());
        }
    }

    @Test
    void queryStringSignedBySdkV1VerifiesUntilExpires() {
        RequestAuthenticator auth = new RequestAuthenticator(new SigningKeyCache(), null, RequestTime.DEFAULT_MAX_SKEW);
        DefaultRequest<Void> req = new DefaultRequest<>("Amazon S3");
        req.setHttpMethod(HttpMethodName.GET);
        req.setEndpoint(URI.create("http://localhost:9000"));
        req.addParameter("versionId", "3");
        Date expires = new Date(1_900_000_000_000L);
        new S3QueryStringSigner("GET", "/bucket/photos/puppy.jpg", expires).sign(req, new BasicAWSCredentials("AKV1", SECRET_KEY));
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, java.util.List<String>> e : req.getParameters().entrySet()) {
            q.append(q.length() > 0 ? "&" : "").append(e.getKey()).append('=')
                    .append(com.amazonaws.util.SdkHttpUtils.urlEncode(e.getValue().get(0), false));
        }
        RequestView v = new RequestView("GET", "/bucket/photos/puppy.jpg", q.toString(), MultiMap.caseInsensitiveMultiMap());
        ParsedAuth parsed = auth.parse(v);
        assertEquals(new SigV2Auth("AKV1", ((SigV2Auth) parsed).signature(), 1_900_000_000L), parsed);
        assertEquals(AuthType.SIGV2_PRESIGNED, auth.verify(v, parsed, SECRET_KEY, Instant.ofEpochSecond(1_899_999_000L)).type());
        assertEquals(S3Error.EXPIRED_REQUEST, assertThrows(S3Exception.class,
                () -> auth.verify(v, parsed, SECRET_KEY, Instant.ofEpochSecond(1_900_000_001L))).error());
    }
}
