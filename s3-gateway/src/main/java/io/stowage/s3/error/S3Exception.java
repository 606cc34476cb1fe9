package io.stowage.s3.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An S3 error answer, thrown anywhere in the gateway and rendered once by the failure handler.
 * Immutable: the {@code with*} methods return a copy, so an exception can be enriched (bucket,
 * key, AWS detail elements) on its way up without shared mutable state.
 * <p>
 * Client errors (4xx) skip the stack trace: they are frequent (NoSuchKey on every HEAD miss) and
 * the trace says nothing useful. Server errors keep it, and their cause, for the ERROR log.
 */
public final class S3Exception extends RuntimeException {
    private final S3Error error;
    private final String bucket;
    private final String key;
    private final String resource;
    private final Map<String, String> details;

    private S3Exception(S3Error error, String message, Throwable cause, String bucket, String key,
                        String resource, Map<String, String> details) {
        super(message == null ? error.defaultMessage() : message, cause, false, error.isServerError());
        this.error = Objects.requireNonNull(error, "error");
        this.bucket = bucket;
        this.key = key;
        this.resource = resource;
        this.details = details;
    }

    public S3Exception(S3Error error) {
        this(error, null, null, null, null, null, Map.of());
    }

    public S3Exception(S3Error error, String message) {
        this(error, message, null, null, null, null, Map.of());
    }

    public S3Exception(S3Error error, String message, Throwable cause) {
        this(error, message, cause, null, null, null, Map.of());
    }

    public static S3Exception of(S3Error error) {
        return new S3Exception(error);
    }

    public static S3Exception of(S3Error error, String message) {
        return new S3Exception(error, message);
    }

    /** {@code InvalidArgument} naming the offending argument, as AWS does. */
    public static S3Exception invalidArgument(String message, String argumentName, String argumentValue) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, message)
                .withDetail("ArgumentName", argumentName)
                .withDetail("ArgumentValue", argumentValue);
    }

    public S3Error error() {
        return error;
    }

    /** The AWS code, e.g. {@code NoSuchKey}. */
    public String code() {
        return error.code();
    }

    public int httpStatus() {
        return error.httpStatus();
    }

    /** Bucket named in the error body ({@code <BucketName>}) when set. */
    public String bucket() {
        return bucket;
    }

    /** Key named in the error body ({@code <Key>}) when set. */
    public String key() {
        return key;
    }

    /** Resource for {@code <Resource>}, overriding the request path the renderer is given. */
    public String resource() {
        return resource;
    }

    /** Extra elements AWS puts in some error bodies, in insertion order (e.g. {@code UploadId}). */
    public Map<String, String> details() {
        return details;
    }

    public S3Exception withBucket(String bucketName) {
        return new S3Exception(error, getMessage(), getCause(), bucketName, key, resource, details);
    }

    public S3Exception withKey(String objectKey) {
        return new S3Exception(error, getMessage(), getCause(), bucket, objectKey, resource, details);
    }

    public S3Exception withResource(String res) {
        return new S3Exception(error, getMessage(), getCause(), bucket, key, res, details);
    }

    /** Adds an element such as {@code <UploadId>} to the error body; a null value is skipped. */
    public S3Exception withDetail(String element, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(details);
        copy.put(element, value);
        return new S3Exception(error, getMessage(), getCause(), bucket, key, resource,
                Collections.unmodifiableMap(copy));
    }

    @Override
    public String toString() {
        return "S3Exception[" + error.code() + " " + error.httpStatus() + ": " + getMessage() + "]";
    }
}
