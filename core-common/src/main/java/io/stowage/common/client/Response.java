package io.stowage.common.client;

import io.vertx.core.buffer.Buffer;

/** A successful answer frame's body. */
public record Response(Buffer body) {}
