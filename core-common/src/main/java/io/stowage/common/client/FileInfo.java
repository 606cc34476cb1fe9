package io.stowage.common.client;

/** QUERY_FILE_INFO's answer. */
public record FileInfo(long size, long createTime, long crc32, String sourceAddress) {}
