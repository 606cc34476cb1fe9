package io.stowage.storage.binlog;

/** A record read back from the binlog with its position: {@code nextOffset} is where to resume. */
public record BinlogEntry(long offset, long nextOffset, BinlogRecord record) {}
