package io.stowage.s3.xml;

/**
 * Body of CreateBucket: {@code <CreateBucketConfiguration><LocationConstraint>r</LocationConstraint>}.
 *
 * @param locationConstraint the requested region, or null when absent or empty (us-east-1)
 */
public record CreateBucketConfiguration(String locationConstraint) {

    /** Parses the body; callers with an empty body skip this and use the default region. */
    public static CreateBucketConfiguration parse(byte[] body) {
        XmlNode root = XmlTree.parseRoot(body, "CreateBucketConfiguration");
        String lc = root.childText("LocationConstraint");
        return new CreateBucketConfiguration(lc == null || lc.isEmpty() ? null : lc);
    }
}
