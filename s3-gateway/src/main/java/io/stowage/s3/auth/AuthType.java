package io.stowage.s3.auth;

/** How a request is authenticated. */
public enum AuthType {
    ANONYMOUS,
    SIGV4_HEADER,
    SIGV4_PRESIGNED,
    SIGV2_HEADER,
    SIGV2_PRESIGNED
}
