package io.stowage.tracker.server;

import io.stowage.common.config.NetworkAcl;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.FrameConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's listening socket: one {@link FrameConnection} per client with the FastDFS client
 * commands (allowed from {@code client_networks}) and the internal ones (cluster secret required),
 * plus the periodic heartbeat-timeout check, all on this verticle's event loop.
 */
public final class TrackerServer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(TrackerServer.class);

  private final TrackerServices services;
  private final Map<Byte, CommandHandler> handlers;
  private NetServer server;
  private long timer = -1;

  public TrackerServer(TrackerServices services) {
    this.services = services;
    this.handlers = Map.copyOf(handlers(services));
  }

  public static Map<Byte, CommandHandler> handlers(TrackerServices s) {
    Map<Byte, CommandHandler> h = new HashMap<>();
    h.put(Commands.QUERY_STORE_WITHOUT_GROUP_ONE, new QueryStoreHandler(s, false, false));
    h.put(Commands.QUERY_STORE_WITH_GROUP_ONE, new QueryStoreHandler(s, true, false));
    h.put(Commands.QUERY_STORE_WITHOUT_GROUP_ALL, new QueryStoreHandler(s, false, true));
    h.put(Commands.QUERY_STORE_WITH_GROUP_ALL, new QueryStoreHandler(s, true, true));
    h.put(Commands.QUERY_FETCH_ONE, new QueryFetchHandler(s, Commands.QUERY_FETCH_ONE));
    h.put(Commands.QUERY_UPDATE, new QueryFetchHandler(s, Commands.QUERY_UPDATE));
    h.put(Commands.QUERY_FETCH_ALL, new QueryFetchHandler(s, Commands.QUERY_FETCH_ALL));
    h.put(Commands.SERVER_LIST_ONE_GROUP, new ServerListGroupsHandler(s, true));
    h.put(Commands.SERVER_LIST_ALL_GROUPS, new ServerListGroupsHandler(s, false));
    h.put(Commands.SERVER_LIST_STORAGE, new ServerListStorageHandler(s));
    h.put(Commands.SERVER_DELETE_STORAGE, new ServerDeleteStorageHandler(s));
    h.put(Commands.STORAGE_JOIN, new StorageJoinHandler(s, false));
    h.put(Commands.STORAGE_BEAT, new StorageJoinHandler(s, true));
    h.put(Commands.CLUSTER_STATE, new ClusterStateHandler(s));
    h.put(Commands.SYNC_DONE, new SyncDoneHandler(s, false));
    h.put(Commands.SYNC_START, new SyncDoneHandler(s, true));
    h.put(Commands.REPORT_OUT_OF_SYNC, new ReportOutOfSyncHandler(s));
    h.put(Commands.BUCKET_CREATE, new BucketCreateHandler(s));
    h.put(Commands.BUCKET_GET, new BucketGetHandler(s));
    h.put(Commands.BUCKET_DELETE, new BucketDeleteHandler(s));
    h.put(Commands.BUCKET_LIST, new BucketListHandler(s));
    h.put(Commands.CREDENTIAL_GET, new CredentialGetHandler(s));
    h.put(Commands.CREDENTIAL_PUT, new CredentialPutHandler(s));
    h.put(Commands.CREDENTIAL_DELETE, new CredentialDeleteHandler(s));
    h.put(Commands.CREDENTIAL_LIST, new CredentialListHandler(s));
    return h;
  }

  @Override
  public Future<?> start() {
    var cfg = services.config();
    NetworkAcl acl = cfg.clientNetworks();
    String secret = cfg.clusterSecret();
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setIdleTimeout(cfg.networkTimeoutSeconds()));
    server.connectHandler(socket -> {
      boolean allowed = acl.allows(socket.remoteAddress().hostAddress());
      new FrameConnection(socket, handlers, secret, allowed).start();
    });
    long interval = Math.max(100, Math.min(5000, cfg.heartbeatTimeout().toMillis() / 4));
    timer = vertx.setPeriodic(interval, id -> services.membership().checkTimeouts());
    return server.listen(cfg.port(), cfg.bindAddr()).onSuccess(s ->
        log.info("tracker {} listening on {}:{} (client networks {})", cfg.trackerId(), cfg.bindAddr(), s.actualPort(), acl));
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return server == null ? Future.succeededFuture() : server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
