package io.stowage.s3.error;

import io.stowage.s3.xml.XmlWriter;
import java.util.Map;

/** Renders the AWS error body: {@code <Error><Code/><Message/>[BucketName|Key|...]<Resource/><RequestId/></Error>}. */
public final class S3ErrorXml {
    private S3ErrorXml() {
    }

    /**
     * @param resource  the request path, used unless the exception carries its own resource; may be null
     * @param requestId the request ID also sent as {@code x-amz-request-id}; may be null
     */
    public static String render(S3Exception e, String resource, String requestId) {
        XmlWriter w = XmlWriter.withDeclaration();
        w.start("Error");
        w.element("Code", e.code());
        w.element("Message", e.getMessage());
        if (e.bucket() != null) {
            w.element("BucketName", e.bucket());
        }
        if (e.key() != null) {
            w.element("Key", e.key());
        }
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            w.element(d.getKey(), d.getValue());
        }
        String res = e.resource() != null ? e.resource() : resource;
        if (res != null) {
            w.element("Resource", res);
        }
        if (requestId != null) {
            w.element("RequestId", requestId);
        }
        w.end();
        return w.toString();
    }
}
