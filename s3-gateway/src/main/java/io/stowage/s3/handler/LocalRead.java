package io.stowage.s3.handler;

import java.nio.file.Path;

/** Bytes {@code [offset, offset + length)} of a file of a storage server in this JVM, read straight from disk. */
public record LocalRead(Path path, long offset, long length) {}
