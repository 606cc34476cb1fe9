package io.stowage.tracker.placement;

/** Where an upload goes: a group, one of its servers, and a store path index on that server. */
public record StoreTarget(GroupView group, ServerView server, int storePathIndex) {}
