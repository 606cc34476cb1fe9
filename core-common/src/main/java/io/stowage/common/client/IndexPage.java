package io.stowage.common.client;

import java.util.List;

/** A page of index entries in UTF-8 byte order of their keys. */
public record IndexPage(List<IndexEntry> entries, boolean truncated) {}
