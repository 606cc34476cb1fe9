package io.stowage.storage;

import io.stowage.storage.binlog.Binlog;
import io.stowage.storage.fs.FileStore;
import io.stowage.common.client.LocalStorage;
import io.stowage.common.config.HostPort;
import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.Commands;
import io.stowage.storage.index.IndexCommand;
import io.stowage.storage.index.IndexContext;
import io.stowage.storage.index.IndexCountHandler;
import io.stowage.storage.index.IndexDeleteHandler;
import io.stowage.storage.index.IndexGetHandler;
import io.stowage.storage.index.IndexListHandler;
import io.stowage.storage.index.IndexPutHandler;
import io.stowage.storage.index.KeyIndex;
import io.stowage.storage.index.TombstonePurge;
import io.stowage.storage.server.StorageContext;
import io.stowage.storage.server.StorageServer;
import io.stowage.storage.tracker.TrackerLink;
import io.stowage.storage.index.IndexFetchHandler;
import io.stowage.storage.index.ReplicaIndexHandler;
import io.stowage.storage.replication.Applier;
import io.stowage.storage.replication.BinlogReadHandler;
import io.stowage.storage.replication.CatchUp;
import io.stowage.storage.replication.Scrub;
import io.stowage.storage.replication.MemberAdmitHandler;
import io.stowage.storage.replication.Membership;
import io.stowage.storage.replication.ReplicaApplyHandler;
import io.stowage.storage.replication.ReplicaCreateHandler;
import io.stowage.storage.replication.Replicator;
import io.stowage.storage.replication.SyncProgress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running storage server: the disk layout, the binlog, the key index, the FastDFS-compatible
 * listening socket and the tracker link. Start order: store paths (leftover uploads removed), binlog
 * (torn tail recovered), index, server socket, tracker link; stop is the reverse.
 */
public final class StorageNode {
  private static final Logger log = LoggerFactory.getLogger(StorageNode.class);
  public static final int IO_POOL_SIZE = 16;

  private final Vertx vertx;
  private final StorageConfig config;
  private final FileStore store;
  private final Binlog binlog;
  private final KeyIndex index;
  private final WorkerExecutor io;
  private final StorageServer server;
  private final TrackerLink trackerLink;
  private final String serverDeployment;
  private final String trackerDeployment;
  private final Membership membership;
  private final LocalStorage local;

  private StorageNode(Vertx vertx, StorageConfig config, FileStore store, Binlog binlog, KeyIndex index, WorkerExecutor io,
      StorageServer server, String serverDeployment, TrackerLink trackerLink, String trackerDeployment, Membership membership, Scrub scrub,
      TombstonePurge tombstonePurge, LocalStorage local) {
    this.tombstonePurge = tombstonePurge;
    this.scrub = scrub;
    this.local = local;
    this.membership = membership;
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.binlog = binlog;
    this.index = index;
    this.io = io;
    this.server = server;
    this.serverDeployment = serverDeployment;
    this.trackerLink = trackerLink;
    this.trackerDeployment = trackerDeployment;
  }

  private final Scrub scrub;
  private final TombstonePurge tombstonePurge;

  public static Future<StorageNode> start(Vertx vertx, StorageConfig cfg) {
    WorkerExecutor io = vertx.createSharedWorkerExecutor("stowage-storage-io-" + cfg.basePath(), IO_POOL_SIZE);
    FileStore store = new FileStore(cfg);
    Path dataDir = cfg.basePath().resolve("data");
    return io.<Binlog>executeBlocking(() -> {
      store.initBlocking();
      return Binlog.open(dataDir.resolve("sync"));
    }, false).compose(binlog -> KeyIndex.open(vertx, dataDir.resolve("index")).compose(index -> {
      Membership membership = new Membership();
      Replicator replicator = new Replicator(cfg, membership);
      StorageContext ctx = new StorageContext(vertx, cfg, store, binlog, io, replicator);
      StorageServer server = new StorageServer(ctx);
      IndexContext indexCtx = new IndexContext(index, ctx);
      Applier applier = new Applier(ctx);
      CatchUp catchUp = new CatchUp(ctx, indexCtx, applier, replicator);
      Scrub scrub = new Scrub(ctx, applier, replicator);
      Map<Byte, IndexCommand> indexCommands = Map.of(
          Commands.INDEX_PUT, new IndexPutHandler(indexCtx),
          Commands.INDEX_GET, new IndexGetHandler(indexCtx),
          Commands.INDEX_DELETE, new IndexDeleteHandler(indexCtx),
          Commands.INDEX_LIST, new IndexListHandler(indexCtx),
          Commands.INDEX_COUNT, new IndexCountHandler(indexCtx));
      indexCommands.forEach((cmd, handler) -> server.handler(cmd, (CommandHandler) handler));
      server
          .handler(Commands.REPLICA_CREATE, new ReplicaCreateHandler(ctx))
          .handler(Commands.REPLICA_APPLY, new ReplicaApplyHandler(applier))
          .handler(Commands.REPLICA_INDEX, new ReplicaIndexHandler(indexCtx))
          .handler(Commands.INDEX_FETCH, new IndexFetchHandler(indexCtx))
          .handler(Commands.BINLOG_READ, new BinlogReadHandler(ctx))
          .handler(Commands.MEMBER_ADMIT, new MemberAdmitHandler(replicator))
          .onStart(() -> {
            replicator.start(vertx);
            catchUp.start(vertx);
            scrub.start(vertx);
          })
          .onStop(() -> {
            scrub.stop();
            catchUp.stop();
            return replicator.stop();
          });
      return vertx.deployVerticle(server).compose(serverId -> {
        replicator.port(server.actualPort());
        TrackerLink link = new TrackerLink(cfg, store, io, server.actualPort(), membership, catchUp.progress(), scrub::toJson);
        long maxViewAgeMs = 3 * cfg.heartbeatInterval().toMillis() + 1000;
        TombstonePurge purge = new TombstonePurge(index, cfg.tombstoneGrace(), () -> TombstonePurge.groupInSync(membership.view(),
            link.lastSuccessMs(), System.currentTimeMillis(), maxViewAgeMs), System::currentTimeMillis);
        return vertx.deployVerticle(link).map(linkId -> {
          purge.start(vertx);
          log.info("storage node {} of {} started: {}:{} (advertised {}), trackers {}", cfg.serverId(), cfg.group(),
              cfg.bindAddr(), server.actualPort(), cfg.advertiseHost(), cfg.trackers());
          LocalStorage local = new InProcessStorage(new HostPort(cfg.advertiseHost(), server.actualPort()), store, ctx,
              server.serverContext(), indexCommands);
          return new StorageNode(vertx, cfg, store, binlog, index, io, server, serverId, link, linkId, membership, scrub,
              purge, local);
        }).recover(e -> vertx.undeploy(serverId).transform(x -> Future.failedFuture(e)));
      }).recover(e -> index.close().transform(x -> Future.failedFuture(e)));
    }).recover(e -> io.executeBlocking(() -> {
      binlog.close();
      store.close();
      return null;
    }).transform(x -> Future.failedFuture(e)))).recover(e -> io.close().transform(x -> Future.failedFuture(e)));
  }

  /** The background scrub (counts, or a pass on demand). */
  public Scrub scrub() {
    return scrub;
  }

  /** The job that removes index tombstones once the whole group has them. */
  public TombstonePurge tombstonePurge() {
    return tombstonePurge;
  }

  /** This server for a gateway in the same JVM: index commands and uploads without a socket, local reads. */
  public LocalStorage local() {
    return local;
  }

  /** The port the server listens on (the real one when configured with port 0). */
  public int port() {
    return server.actualPort();
  }

  public StorageConfig config() {
    return config;
  }

  public FileStore store() {
    return store;
  }

  /** The change log, for replication (blocking API: use a worker). */
  public Binlog binlog() {
    return binlog;
  }

  /** The object-key index of this server's group. */
  public KeyIndex index() {
    return index;
  }

  /** The statuses the trackers gave this server since it started, oldest first, e.g. [SYNCING, ACTIVE]. */
  public java.util.List<io.stowage.common.cluster.ServerStatus> replicationHistory() {
    return membership.history();
  }

  /** This server's view of its group: members, in-sync set, min_write_replicas. */
  public io.stowage.storage.replication.GroupMembers members() {
    return membership.view();
  }

  public TrackerLink trackerLink() {
    return trackerLink;
  }

  /** Catch-up progress: per peer the binlog offset applied, and counts of what was applied or fetched. */
  public SyncProgress syncProgress() {
    return trackerLink.syncProgress();
  }

  public Future<Void> stop() {
    tombstonePurge.stop();
    return vertx.undeploy(trackerDeployment)
        .eventually(() -> vertx.undeploy(serverDeployment))
        .eventually(index::close)
        .eventually(() -> io.executeBlocking(() -> {
          binlog.close();
          store.close();
          return null;
        }, false))
        .eventually(io::close)
        .onComplete(ar -> log.info("storage node {} stopped", config.serverId()))
        .mapEmpty();
  }
}
