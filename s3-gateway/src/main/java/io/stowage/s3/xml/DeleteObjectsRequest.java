package io.stowage.s3.xml;

import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of DeleteObjects: {@code <Delete><Quiet>true</Quiet><Object><Key/><VersionId/></Object>...</Delete>}.
 */
public record DeleteObjectsRequest(List<ObjectToDelete> objects, boolean quiet) {
    /** AWS refuses more than this many keys per request with MalformedXML. */
    public static final int MAX_OBJECTS = 1000;

    /** @param versionId null when not given */
    public record ObjectToDelete(String key, String versionId) {
    }

    public DeleteObjectsRequest {
        objects = List.copyOf(objects);
    }

    public static DeleteObjectsRequest parse(byte[] body) {
        XmlNode root = XmlTree.parseRoot(body, "Delete");
        boolean quiet = false;
        String q = root.childText("Quiet");
        if (q != null) {
            if (q.equalsIgnoreCase("true")) {
                quiet = true;
            } else if (!q.equalsIgnoreCase("false")) {
                throw S3Exception.of(S3Error.MALFORMED_XML);
            }
        }
        List<XmlNode> nodes = root.children("Object");
        if (nodes.isEmpty() || nodes.size() > MAX_OBJECTS) {
            throw S3Exception.of(S3Error.MALFORMED_XML);
        }
        List<ObjectToDelete> objects = new ArrayList<>(nodes.size());
        for (XmlNode o : nodes) {
            XmlNode key = o.child("Key");
            if (key == null) {
                throw S3Exception.of(S3Error.MALFORMED_XML);
            }
            // Keys are taken verbatim: leading or trailing spaces are part of an S3 key.
            String versionId = o.childText("VersionId");
            objects.add(new ObjectToDelete(key.text(),
                    versionId == null || versionId.isEmpty() ? null : versionId));
        }
        return new DeleteObjectsRequest(objects, quiet);
    }
}
