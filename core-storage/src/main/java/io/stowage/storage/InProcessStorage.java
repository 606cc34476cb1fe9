package io.stowage.storage;

import io.stowage.common.client.LocalStorage;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.storage.fs.FileStore;
import io.stowage.storage.index.IndexCommand;
import io.stowage.storage.server.LocalUpload;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This JVM's storage server for a co-located gateway, without a socket in between: index writes and
 * uploads run on the server's own event loop (its replication state is single-threaded, as for a
 * connection's commands), index reads straight from the caller's; all complete on the caller's context.
 */
final class InProcessStorage implements LocalStorage {
  private final HostPort server;
  private final FileStore store;
  private final StorageContext storage;
  private final Context serverContext;
  private final Map<Byte, IndexCommand> indexCommands;

  InProcessStorage(HostPort server, FileStore store, StorageContext storage, Context serverContext,
                   Map<Byte, IndexCommand> indexCommands) {
    this.server = server;
    this.store = store;
    this.storage = storage;
    this.serverContext = serverContext;
    this.indexCommands = Map.copyOf(indexCommands);
  }

  @Override
  public HostPort server() {
    return server;
  }

  @Override
  public Optional<Path> path(FileId id) {
    return store.localPath(id);
  }

  @Override
  public Future<JsonObject> index(byte command, JsonObject request) {
    IndexCommand c = indexCommands.get(command);
    if (c == null) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "not an index command: " + (command & 0xff)));
    }
    // reads touch only the index (on its worker pool, answering on the caller's context); writes also
    // touch the replication state, which lives on the server's event loop
    return isRead(command) ? run(() -> c.apply(request)) : onServer(() -> c.apply(request));
  }

  private static boolean isRead(byte command) {
    return command == Commands.INDEX_GET || command == Commands.INDEX_LIST || command == Commands.INDEX_COUNT;
  }

  @Override
  public Future<FileId> upload(int storePathIndex, String ext, ReadStream<Buffer> content, long length,
                               boolean appender) {
    // the upload moves the body across contexts itself (with back-pressure), and answers on the caller's
    return LocalUpload.upload(storage, serverContext, storePathIndex, ext, content, length, appender);
  }

  @Override
  public void checkUpload(int storePathIndex, long length) {
    store.chooseForUpload((byte) storePathIndex, Math.max(0, length)); // the index as the wire's signed byte
  }

  /** Runs {@code work} on the server's context; the result completes on the caller's. */
  private <T> Future<T> onServer(Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    if (caller == serverContext) {
      return run(work);
    }
    Promise<T> result = Promise.promise();
    serverContext.runOnContext(v -> run(work).onComplete(ar -> {
      if (caller == null) {
        result.handle(ar);
      } else {
        caller.runOnContext(x -> result.handle(ar));
      }
    }));
    return result.future();
  }

  private static <T> Future<T> run(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // a refused request (EINVAL) is thrown by the validation
    }
  }
}
