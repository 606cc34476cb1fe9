package io.stowage.s3.xml;

import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Body of CompleteMultipartUpload: {@code <CompleteMultipartUpload><Part><PartNumber/><ETag/>
 * [<ChecksumCRC32/>...]</Part>...}. Parts must be strictly ascending (InvalidPartOrder).
 */
public record CompleteMultipartUpload(List<CompletedPart> parts) {
    public static final int MAX_PARTS = 10_000;

    /**
     * @param etag      as sent (may be quoted); see {@link #normalizedETag()}
     * @param checksums per-part checksums the client sent, base64
     */
    public record CompletedPart(int partNumber, String etag, Map<ChecksumAlgorithm, String> checksums) {
        public CompletedPart {
            checksums = checksums.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(checksums));
        }

        /** The ETag without surrounding quotes, lower case, for comparing with the stored part MD5. */
        public String normalizedETag() {
            String e = etag.trim();
            if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
                e = e.substring(1, e.length() - 1);
            }
            return e.toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CompleteMultipartUpload {
        parts = List.copyOf(parts);
    }

    public static CompleteMultipartUpload parse(byte[] body) {
        XmlNode root = XmlTree.parseRoot(body, "CompleteMultipartUpload");
        List<XmlNode> nodes = root.children("Part");
        if (nodes.isEmpty() || nodes.size() > MAX_PARTS) {
            throw S3Exception.of(S3Error.MALFORMED_XML);
        }
        List<CompletedPart> parts = new ArrayList<>(nodes.size());
        int previous = 0;
        for (XmlNode p : nodes) {
            String num = p.childText("PartNumber");
            String etag = p.childText("ETag");
            if (num == null || etag == null) {
                throw S3Exception.of(S3Error.MALFORMED_XML);
            }
            int partNumber = parsePartNumber(num);
            if (partNumber <= previous) {
                throw S3Exception.of(S3Error.INVALID_PART_ORDER);
            }
            previous = partNumber;
            Map<ChecksumAlgorithm, String> checksums = new EnumMap<>(ChecksumAlgorithm.class);
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String v = p.childText(a.xmlElement());
                if (v != null && !v.isEmpty()) {
                    checksums.put(a, v);
                }
            }
            parts.add(new CompletedPart(partNumber, etag, checksums));
        }
        return new CompleteMultipartUpload(parts);
    }

    private static int parsePartNumber(String s) {
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw S3Exception.of(S3Error.MALFORMED_XML);
        }
        if (n < 1 || n > MAX_PARTS) {
            throw S3Exception.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive", "partNumber", s);
        }
        return n;
    }
}
