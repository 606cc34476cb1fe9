package io.stowage.storage.server;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.FrameConnection;
import io.stowage.storage.StorageConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage server's FastDFS-framed listening socket. Client commands (FastDFS's codes and byte
 * layouts) are allowed from {@code client_networks}; internal commands (200+) after INTERNAL_HELLO
 * with the cluster secret. ACTIVE_TEST and QUIT are handled by {@link FrameConnection}.
 */
public final class StorageServer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StorageServer.class);
  /** Idle connections are closed after this long (FastDFS: network_timeout). */
  public static final int IDLE_TIMEOUT_SECONDS = 300;

  private final StorageContext ctx;
  private final Map<Byte, CommandHandler> handlers = new HashMap<>();
  private NetServer server;
  private final java.util.List<Runnable> onStart = new java.util.ArrayList<>();
  private final java.util.List<java.util.function.Supplier<Future<?>>> onStop = new java.util.ArrayList<>();

  /** Runs {@code r} on this verticle's event loop when it starts, before the socket listens. */
  public StorageServer onStart(Runnable r) {
    onStart.add(r);
    return this;
  }

  /** Runs {@code f} when the verticle stops, after the socket is closed. */
  public StorageServer onStop(java.util.function.Supplier<Future<?>> f) {
    onStop.add(f);
    return this;
  }

  public StorageServer(StorageContext ctx) {
    this.ctx = ctx;
    handlers.put(Commands.UPLOAD_FILE, new UploadFileHandler(ctx, false));
    handlers.put(Commands.UPLOAD_APPENDER_FILE, new UploadFileHandler(ctx, true));
    handlers.put(Commands.UPLOAD_SLAVE_FILE, new UploadSlaveFileHandler(ctx));
    handlers.put(Commands.APPEND_FILE, new AppendFileHandler(ctx));
    handlers.put(Commands.MODIFY_FILE, new ModifyFileHandler(ctx));
    handlers.put(Commands.TRUNCATE_FILE, new TruncateFileHandler(ctx));
    handlers.put(Commands.REGENERATE_APPENDER_FILENAME, new RegenerateAppenderFilenameHandler(ctx));
    handlers.put(Commands.DELETE_FILE, new DeleteFileHandler(ctx));
    handlers.put(Commands.DOWNLOAD_FILE, new DownloadFileHandler(ctx));
    handlers.put(Commands.SET_METADATA, new SetMetadataHandler(ctx));
    handlers.put(Commands.GET_METADATA, new GetMetadataHandler(ctx));
    handlers.put(Commands.QUERY_FILE_INFO, new QueryFileInfoHandler(ctx));
  }

  /**
   * Adds or replaces a command handler (for internal commands such as the index and replication
   * ones). Call before deploying.
   */
  public StorageServer handler(byte cmd, CommandHandler h) {
    handlers.put(cmd, h);
    return this;
  }

  @Override
  public Future<?> start() {
    StorageConfig cfg = ctx.config();
    NetServerOptions opts = new NetServerOptions().setHost(cfg.bindAddr()).setPort(cfg.port()).setTcpNoDelay(true)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
    onStart.forEach(Runnable::run);
    Map<Byte, CommandHandler> table = Map.copyOf(handlers);
    server = vertx.createNetServer(opts).connectHandler(socket -> accept(socket, table));
    return server.listen().onSuccess(s -> log.info("storage server {} (group {}) listening on {}:{}, store paths {}",
        cfg.serverId(), cfg.group(), cfg.bindAddr(), s.actualPort(), ctx.store().paths()));
  }

  private void accept(NetSocket socket, Map<Byte, CommandHandler> table) {
    String ip = socket.remoteAddress().hostAddress();
    boolean clientAllowed = ctx.config().clientAllowed(ip);
    new FrameConnection(socket, table, ctx.config().clusterSecret(), clientAllowed).start();
  }

  /** The context the server's connections and handlers run on (its one event loop), once deployed. */
  public io.vertx.core.Context serverContext() {
    return context;
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> stop() {
    Future<?> closed = server == null ? Future.succeededFuture() : server.close();
    for (java.util.function.Supplier<Future<?>> f : onStop) {
      closed = closed.eventually(() -> f.get());
    }
    return closed;
  }
}
