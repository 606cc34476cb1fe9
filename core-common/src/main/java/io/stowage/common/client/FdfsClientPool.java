package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Persistent connections per server, reused across requests. Not thread-safe: use one pool per
 * event-loop context (each verticle makes its own).
 *
 * <p>Time bounds, so a hung (SIGSTOPped) server cannot hold a caller forever — its kernel still
 * accepts connections and buffers requests, but nothing ever answers: connecting takes at most 5 s;
 * a connection on which nothing is read or written for {@link #DEFAULT_IDLE_TIMEOUT} is closed
 * (longer than a storage server waits for a hung peer, {@code replication_timeout}, 30 s by default,
 * plus its out-of-sync report, before answering a write; or than a large upload's final fsync);
 * the cluster-secret proof and the reads that use {@link #readTimeoutMs()} must
 * be answered within {@link #DEFAULT_READ_TIMEOUT}.
 */
public final class FdfsClientPool {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  private final Vertx vertx;
  private final NetClient client;
  private final String clusterSecret;
  private final int maxIdlePerServer;
  private final long readTimeoutMs;
  private final Map<HostPort, ArrayDeque<FdfsConnection>> idle = new HashMap<>();

  /** @param clusterSecret secret for internal commands, or null for a plain FastDFS client */
  public FdfsClientPool(Vertx vertx, String clusterSecret, int maxIdlePerServer) {
    this(vertx, clusterSecret, maxIdlePerServer, DEFAULT_IDLE_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  /**
   * @param idleTimeout a connection silent both ways this long is closed (a stalled upload, a missing answer)
   * @param readTimeout bound on the cluster-secret proof and on {@link #readTimeoutMs()} reads
   */
  public FdfsClientPool(Vertx vertx, String clusterSecret, int maxIdlePerServer, Duration idleTimeout, Duration readTimeout) {
    this.vertx = vertx;
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000)
        .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds())));
    this.clusterSecret = clusterSecret;
    this.maxIdlePerServer = maxIdlePerServer;
    this.readTimeoutMs = readTimeout.toMillis();
  }

  /** How long a read (index lookup, download header) may wait for its answer before failing ETIMEDOUT. */
  public long readTimeoutMs() {
    return readTimeoutMs;
  }

  public <T> Future<T> with(HostPort server, Function<FdfsConnection, Future<T>> work) {
    return acquire(server).compose(c -> {
      Future<T> f;
      try {
        f = work.apply(c);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      return f.andThen(ar -> release(c));
    });
  }

  private Future<FdfsConnection> acquire(HostPort server) {
    ArrayDeque<FdfsConnection> q = idle.get(server);
    while (q != null && !q.isEmpty()) {
      FdfsConnection c = q.poll();
      if (!c.broken()) {
        return Future.succeededFuture(c);
      }
    }
    return FdfsConnection.connect(vertx, client, server, clusterSecret, readTimeoutMs);
  }

  private void release(FdfsConnection c) {
    if (c.broken()) {
      c.close();
      return;
    }
    ArrayDeque<FdfsConnection> q = idle.computeIfAbsent(c.address(), k -> new ArrayDeque<>());
    if (q.size() >= maxIdlePerServer) {
      c.close();
    } else {
      q.add(c);
    }
  }

  public Future<Void> close() {
    idle.values().forEach(q -> q.forEach(FdfsConnection::close));
    idle.clear();
    return client.close();
  }
}
