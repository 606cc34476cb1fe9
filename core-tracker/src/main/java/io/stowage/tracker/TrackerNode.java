package io.stowage.tracker;

import io.stowage.common.config.HostPort;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.cluster.BucketRecord;
import io.stowage.tracker.cluster.ClusterCommands;
import io.stowage.tracker.cluster.ClusterState;
import io.stowage.tracker.cluster.ClusterStore;
import io.stowage.tracker.cluster.ClusterViews;
import io.stowage.tracker.cluster.CredentialRecord;
import io.stowage.tracker.cluster.Membership;
import io.stowage.tracker.cluster.Registry;
import io.stowage.tracker.cluster.SecretSealer;
import io.stowage.tracker.cluster.SoftState;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.stowage.tracker.raft.ClusterRaft;
import io.stowage.tracker.raft.RaftPeerSpec;
import io.stowage.tracker.server.ClusterStateHandler;
import io.stowage.tracker.server.TrackerServer;
import io.stowage.tracker.server.TrackerServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running tracker: its Raft member (durable cluster state), soft state, placement, and the
 * {@link TrackerServer} socket. Also the API other roles in the same JVM (gateway, admin, launcher)
 * use for the cluster view, buckets and credentials; every change goes through Raft and completes on
 * the caller's Vert.x context.
 */
public final class TrackerNode {
  private static final Logger log = LoggerFactory.getLogger(TrackerNode.class);
  static final long LEADER_WAIT_MS = 30_000;

  private final Vertx vertx;
  private final TrackerConfig config;
  private final ClusterRaft raft;
  private final TrackerServices services;
  private final TrackerServer server;
  private final String deploymentId;

  private TrackerNode(Vertx vertx, TrackerConfig config, ClusterRaft raft, TrackerServices services, TrackerServer server,
      String deploymentId) {
    this.vertx = vertx;
    this.config = config;
    this.raft = raft;
    this.services = services;
    this.server = server;
    this.deploymentId = deploymentId;
  }

  /** Starts Raft (off the event loop) and then the tracker socket. */
  public static Future<TrackerNode> start(Vertx vertx, TrackerConfig cfg) {
    return vertx.executeBlocking(() -> {
      Files.createDirectories(cfg.basePath());
      return ClusterRaft.start(cfg);
    }).compose(raft -> {
      if (cfg.raftPeers().size() > 1) {
        return Future.succeededFuture(raft); // peers may start later: serve meanwhile, Raft calls retry
      }
      // a one-peer group elects itself at once: wait for it so the first commands do not bounce
      return awaitLeader(vertx, raft, LEADER_WAIT_MS).map(raft).recover(e -> vertx.executeBlocking(() -> {
        raft.close();
        return null;
      }).transform(ar -> Future.failedFuture(e)));
    }).compose(raft -> {
      RaftStore store = new RaftStore(vertx, raft);
      SoftState soft = new SoftState();
      Placement placement = new Placement(cfg.storeLookup(), cfg.storeGroup(), cfg.storeServer(), cfg.storePath(),
          cfg.downloadServer(), cfg.reservedSpace(), cfg.reservedSpacePerGroup());
      Membership membership = new Membership(store, soft, cfg.heartbeatTimeout(), System::currentTimeMillis);
      Registry registry = new Registry(store, placement, () -> ClusterViews.groups(raft.state(), soft), System::currentTimeMillis,
          new SecretSealer(cfg.clusterSecret()));
      TrackerServer[] holder = new TrackerServer[1];
      TrackerServices services = new TrackerServices(cfg, store, soft, placement, membership, registry,
          () -> leaderInfo(cfg, raft, holder[0]));
      TrackerServer server = new TrackerServer(services);
      holder[0] = server;
      return vertx.deployVerticle(server)
          .map(id -> {
            log.info("tracker {} started: FastDFS/internal port {}:{}, Raft {}, data {}", cfg.trackerId(), cfg.bindAddr(),
                server.actualPort(), raft.address(), cfg.basePath());
            return new TrackerNode(vertx, cfg, raft, services, server, id);
          })
          .recover(e -> vertx.executeBlocking(() -> {
            raft.close();
            return null;
          }).transform(ar -> Future.failedFuture(e)));
    });
  }

  private static Future<Void> awaitLeader(Vertx vertx, ClusterRaft raft, long timeoutMs) {
    Promise<Void> p = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    vertx.setPeriodic(1, 20, id -> {
      if (raft.isLeaderReady()) {
        vertx.cancelTimer(id);
        p.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        p.tryFail(new ProtoException(ErrorCode.ETIMEDOUT, "no Raft leader after " + timeoutMs + " ms"));
      }
    });
    return p.future();
  }

  private static JsonObject leaderInfo(TrackerConfig cfg, ClusterRaft raft, TrackerServer server) {
    JsonObject j = new JsonObject();
    Optional<String> leaderId = raft.leaderId();
    leaderId.ifPresent(id -> j.put("leaderId", id));
    j.put("self", cfg.trackerId()).put("stateIndex", raft.appliedIndex());
    io.vertx.core.json.JsonArray trackers = new io.vertx.core.json.JsonArray();
    for (RaftPeerSpec p : raft.peers()) {
      JsonObject t = new JsonObject().put("id", p.id()).put("raftAddress", p.address().toString())
          .put("role", leaderId.map(p.id()::equals).orElse(false) ? "LEADER" : "FOLLOWER");
      if (p.id().equals(cfg.trackerId()) && server != null) {
        t.put("address", new HostPort(cfg.bindAddr(), server.actualPort()).toString()).put("self", true);
      }
      trackers.add(t);
    }
    j.put("trackers", trackers);
    if (raft.isLeader() && server != null) {
      j.put("leader", new HostPort(cfg.bindAddr(), server.actualPort()).toString());
    } else {
      // another tracker leads: its Raft address is all this one knows of it
      leaderId.flatMap(id -> cfg.raftPeers().stream().filter(p -> p.id().equals(id)).findFirst())
          .map(RaftPeerSpec::address).ifPresent(a -> j.put("leader", a.toString()));
    }
    return j;
  }

  /** The port FastDFS clients and storage servers connect to (the bound one when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  public HostPort address() {
    return new HostPort(config.bindAddr(), port());
  }

  public TrackerConfig config() {
    return config;
  }

  /** The durable state as applied on this tracker. */
  public ClusterState clusterState() {
    return raft.state();
  }

  /** Groups and servers with this tracker's soft state (free space, last beat). */
  public List<GroupView> groups() {
    return ClusterViews.groups(raft.state(), services.soft());
  }

  /** The CLUSTER_STATE document (leader, groups, servers). */
  public JsonObject clusterStateJson() {
    return ClusterStateHandler.render(services);
  }

  public boolean isLeader() {
    return raft.isLeader();
  }

  /** Whether this tracker leads and has committed an entry of its term. */
  public boolean isLeaderReady() {
    return raft.isLeaderReady();
  }

  /** The Raft peer ID of the tracker this one believes leads, if any. */
  public Optional<String> leaderId() {
    return raft.leaderId();
  }

  /** The Raft log index of the state applied on this tracker. */
  public long appliedIndex() {
    return raft.appliedIndex();
  }

  public Placement placement() {
    return services.placement();
  }

  public Membership membership() {
    return services.membership();
  }

  /** Proposes any {@link ClusterCommands} command; fails with a ProtoException of the reply's error code. */
  public Future<JsonObject> submit(JsonObject command) {
    return services.store().submit(command);
  }

  public Optional<BucketRecord> bucket(String name) {
    return raft.state().bucket(name);
  }

  /** The credential with its secret unsealed (the replicated state keeps it sealed). */
  public Optional<CredentialRecord> credential(String accessKey) {
    return raft.state().credential(accessKey).map(services.registry()::unsealed);
  }

  /** Buckets and credentials (the same calls the BUCKET_* and CREDENTIAL_* commands make). */
  public Registry registry() {
    return services.registry();
  }

  /** Registers a bucket homed on the group {@code store_lookup} picks (ENOSPC if none takes writes; EEXIST if taken). */
  public Future<BucketRecord> createBucket(String name, String owner) {
    return services.registry().createBucket(name, null, owner);
  }

  /** Registers a bucket on a named group (ENOENT if the group is unknown, EEXIST if the name is taken). */
  public Future<BucketRecord> putBucket(String name, String homeGroup, String owner) {
    return services.registry().createBucket(name, homeGroup, owner);
  }

  /** Removes a bucket's registration (ENOENT if unknown). Emptiness is the caller's check. */
  public Future<Void> deleteBucket(String name) {
    return services.registry().deleteBucket(name);
  }

  /** Creates or replaces an enabled access key. */
  public Future<Void> putCredential(String accessKey, String secretKey, List<String> grants) {
    return services.registry().putCredential(accessKey, secretKey, true, grants);
  }

  public Future<Void> deleteCredential(String accessKey) {
    return services.registry().deleteCredential(accessKey);
  }

  /** Writes a Raft snapshot of the state now; completes with its log index. */
  public Future<Long> takeSnapshot() {
    return vertx.executeBlocking(raft::takeSnapshot);
  }

  /** Stops the socket, then Raft. */
  public Future<Void> stop() {
    return vertx.undeploy(deploymentId)
        .transform(ar -> vertx.<Void>executeBlocking(() -> {
          raft.close();
          return null;
        }))
        .onSuccess(v -> log.info("tracker {} stopped", config.trackerId()));
  }

  /** {@link ClusterStore} over Raft: async submit adapted onto the caller's Vert.x context. */
  private static final class RaftStore implements ClusterStore {
    private final Vertx vertx;
    private final ClusterRaft raft;

    RaftStore(Vertx vertx, ClusterRaft raft) {
      this.vertx = vertx;
      this.raft = raft;
    }

    public ClusterState state() {
      return raft.state();
    }

    public Future<JsonObject> submit(JsonObject command) {
      return Future.fromCompletionStage(raft.submit(command), vertx.getOrCreateContext())
          .recover(e -> Future.failedFuture(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e))
          .compose(RaftStore::checkReply);
    }

    /** An apply reply with {@code "ok":false} becomes a ProtoException of its error code. */
    private static Future<JsonObject> checkReply(JsonObject reply) {
      if (reply.getBoolean("ok", false)) {
        return Future.succeededFuture(reply);
      }
      ErrorCode code;
      try {
        code = ErrorCode.valueOf(reply.getString("error", "EIO"));
      } catch (IllegalArgumentException e) {
        code = ErrorCode.EIO;
      }
      return Future.failedFuture(new ProtoException(code, reply.getString("message", "command refused")));
    }

    public boolean isLeader() {
      return raft.isLeader();
    }

    @Override
    public long appliedIndex() {
      return raft.appliedIndex();
    }
  }
}
