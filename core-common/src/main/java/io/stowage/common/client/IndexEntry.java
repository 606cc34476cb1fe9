package io.stowage.common.client;

import io.vertx.core.json.JsonObject;

/** One key of a bucket's index with its entry (a JSON object the gateway defines). */
public record IndexEntry(String key, JsonObject entry) {}
