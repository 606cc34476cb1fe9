package io.stowage.common.client;

import io.stowage.common.config.HostPort;

/** Where the tracker says to upload: a group, one of its storage servers, a store path on it. */
public record StoreTarget(String group, HostPort server, int storePathIndex) {}
