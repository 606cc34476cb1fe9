package io.stowage.s3.auth;

import io.vertx.core.MultiMap;
import java.time.Instant;

/** Credentials and time used by every example in the AWS SigV4 S3 documentation. */
final class AwsExamples {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String AMZ_DATE = "20130524T000000Z";
    static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    static final Instant TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private AwsExamples() {
    }

    static MultiMap headers(String... nameValue) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.add(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    static byte[] signingKey() {
        return SigV4.deriveSigningKey(SECRET_KEY, "20130524", "us-east-1", "s3");
    }
}
