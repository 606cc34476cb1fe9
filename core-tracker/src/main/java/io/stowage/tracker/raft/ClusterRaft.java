package io.stowage.tracker.raft;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.cluster.ClusterState;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.netty.NettyConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trackers' Raft group (Apache Ratis over Netty): this tracker's Raft server with its
 * {@link ClusterStateMachine}, and a client that submits commands to whichever tracker leads. One
 * tracker is a one-peer group; its log and snapshots live under {@code base_path/raft}, so the state
 * survives restarts. {@link #start} and {@link #close} block (disk and socket setup); the command
 * path is asynchronous.
 */
public final class ClusterRaft implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterRaft.class);
  /** Fixed: every tracker of every Stowage cluster uses this group ID; clusters are kept apart by address. */
  public static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("stowage-tracker".getBytes(StandardCharsets.UTF_8)));
  /** Snapshot after this many applied entries, so a restart replays a short log. */
  static final long SNAPSHOT_THRESHOLD = 1024;

  private final RaftServer server;
  private final RaftClient client;
  private final ClusterStateMachine stateMachine;
  private final InetSocketAddress address;
  private final List<RaftPeerSpec> peerSpecs;

  private ClusterRaft(RaftServer server, RaftClient client, ClusterStateMachine stateMachine, InetSocketAddress address,
      List<RaftPeerSpec> peerSpecs) {
    this.peerSpecs = List.copyOf(peerSpecs);
    this.server = server;
    this.client = client;
    this.stateMachine = stateMachine;
    this.address = address;
  }

  /** Starts the Raft server and client (blocking: run it off the event loop). */
  public static ClusterRaft start(TrackerConfig cfg) throws IOException {
    RaftPeerId self = RaftPeerId.valueOf(cfg.trackerId());
    RaftProperties props = new RaftProperties();
    RaftConfigKeys.Rpc.setType(props, SupportedRpcType.NETTY);
    RaftServerConfigKeys.setStorageDir(props, List.of(cfg.basePath().resolve("raft").toFile()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, SNAPSHOT_THRESHOLD);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    // no snapshot on stop: every restart then takes the crash path (snapshot + log replay), which stays tested
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(props, false);
    if (cfg.raftPeers().size() == 1) {
      // nobody to wait for: elect this tracker right away instead of after the usual 150-300 ms
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(props, TimeDuration.valueOf(10, java.util.concurrent.TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(props, TimeDuration.valueOf(50, java.util.concurrent.TimeUnit.MILLISECONDS));
    }
    NettyConfigKeys.Server.setHost(props, cfg.bindAddr());
    NettyConfigKeys.Server.setPort(props, cfg.raftPort());

    ClusterStateMachine sm = new ClusterStateMachine();
    // an existing group directory means a restart: recover it; otherwise format a new one
    boolean existing = java.nio.file.Files.isDirectory(cfg.basePath().resolve("raft").resolve(GROUP_ID.getUuid().toString()));
    RaftServer server = RaftServer.newBuilder()
        .setServerId(self)
        .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
        .setGroup(RaftGroup.valueOf(GROUP_ID, peers(cfg, null)))
        .setProperties(props)
        .setStateMachine(sm)
        .build();
    server.start();
    InetSocketAddress bound = server.getServerRpc().getInetSocketAddress();

    RaftProperties clientProps = new RaftProperties();
    RaftConfigKeys.Rpc.setType(clientProps, SupportedRpcType.NETTY);
    RaftClient client;
    try {
      client = RaftClient.newBuilder()
          .setProperties(clientProps)
          // with raft_port = 0 only the bound socket knows this tracker's real Raft port
          .setRaftGroup(RaftGroup.valueOf(GROUP_ID, peers(cfg, bound)))
          .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, TimeDuration.valueOf(100, java.util.concurrent.TimeUnit.MILLISECONDS)))
          .build();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info("tracker {} Raft server on {} (peers {}, storage {})", self, bound, cfg.raftPeers(), cfg.basePath().resolve("raft"));
    return new ClusterRaft(server, client, sm, bound, cfg.raftPeers());
  }

  private static List<RaftPeer> peers(TrackerConfig cfg, InetSocketAddress selfBound) {
    List<RaftPeer> out = new ArrayList<>();
    for (RaftPeerSpec p : cfg.raftPeers()) {
      String addr = p.address().toString();
      if (selfBound != null && p.id().equals(cfg.trackerId())) {
        String host = p.address().host();
        addr = (host.contains(":") ? "[" + host + "]" : host) + ":" + selfBound.getPort();
      }
      out.add(RaftPeer.newBuilder().setId(p.id()).setAddress(addr).build());
    }
    return out;
  }

  public ClusterState state() {
    return stateMachine.state();
  }

  public InetSocketAddress address() {
    return address;
  }

  /** How long a reply waits for this tracker to apply its own committed entry before answering anyway. */
  static final long APPLY_WAIT_MS = 5_000;

  /** The index of the last log entry applied on this tracker (answers carry it as {@code stateIndex}). */
  public long appliedIndex() {
    return stateMachine.appliedIndex();
  }

  /** The configured peers (ID and Raft address), in configuration order. */
  public List<RaftPeerSpec> peers() {
    return peerSpecs;
  }

  /**
   * Proposes a command; completes with the apply reply (errors included) once committed <em>and
   * applied on this tracker</em>, so a client that changed something through any tracker reads its
   * change back from the same tracker (Ratis forwards the command to the leader). Never blocks.
   */
  public CompletableFuture<JsonObject> submit(JsonObject command) {
    CompletableFuture<RaftClientReply> sent;
    try {
      sent = client.async().send(Message.valueOf(command.encode()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(unavailable(e));
    }
    return sent.handle((reply, error) -> {
      if (error != null) {
        throw unavailable(error);
      }
      if (!reply.isSuccess()) {
        throw unavailable(reply.getException());
      }
      return reply;
    }).thenCompose(reply -> {
      JsonObject answer = new JsonObject(reply.getMessage().getContent().toStringUtf8());
      return stateMachine.awaitApplied(reply.getLogIndex())
          .completeOnTimeout(null, APPLY_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
          .thenApply(v -> answer);
    });
  }

  private static ProtoException unavailable(Throwable cause) {
    return new ProtoException(ErrorCode.EAGAIN, "cluster state unavailable: " + cause, cause);
  }

  private Optional<DivisionInfo> info() {
    try {
      return Optional.of(server.getDivision(GROUP_ID).getInfo());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public boolean isLeader() {
    return info().map(DivisionInfo::isLeader).orElse(false);
  }

  /** Whether this tracker leads and has committed an entry of its term (a new leader answers stale reads until then). */
  public boolean isLeaderReady() {
    return info().map(i -> i.isLeader() && i.isLeaderReady()).orElse(false);
  }

  /** The current leader's peer ID, if one is known. */
  public Optional<String> leaderId() {
    return info().map(DivisionInfo::getLeaderId).map(RaftPeerId::toString);
  }

  /** Forces a snapshot now (blocking); returns its log index. */
  public long takeSnapshot() throws IOException {
    RaftClientReply reply = client.getSnapshotManagementApi().create(true, 30_000); // force: ignore the creation gap
    if (!reply.isSuccess()) {
      throw new IOException("snapshot failed", reply.getException());
    }
    return reply.getLogIndex();
  }

  /** Stops the client and the server (blocking). */
  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
