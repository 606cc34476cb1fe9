package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Persistent connections per server, reused across requests. Not thread-safe: use one pool per
 * event-loop context (each verticle makes its own).
 */
public final class FdfsClientPool {
  private final NetClient client;
  private final String clusterSecret;
  private final int maxIdlePerServer;
  private final Map<HostPort, ArrayDeque<FdfsConnection>> idle = new HashMap<>();

  /** @param clusterSecret secret for internal commands, or null for a plain FastDFS client */
  public FdfsClientPool(Vertx vertx, String clusterSecret, int maxIdlePerServer) {
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000));
    this.clusterSecret = clusterSecret;
    this.maxIdlePerServer = maxIdlePerServer;
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
    return FdfsConnection.connect(client, server, clusterSecret);
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
