package io.stowage.common.proto;

import io.vertx.core.Future;

/** Handles one command on a server connection. Must consume the request body and reply once. */
@FunctionalInterface
public interface CommandHandler {
  Future<Void> handle(Request request);
}
