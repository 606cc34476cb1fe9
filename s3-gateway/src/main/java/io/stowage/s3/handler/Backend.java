package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.StorageClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import io.vertx.core.streams.WriteStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What handlers use of the cluster, for one event loop: the core clients, the cluster view
 * (cached for {@link GatewayConfig#clusterStateTtl()}) and the lookups every handler repeats,
 * each failing with the S3 error that fits its context.
 */
public final class Backend {
  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final ClusterClient cluster;
  private final IndexClient index;
  private final StorageClient storage;
  private JsonObject state;
  private long stateExpiresNanos;
  private int roundRobin;

  public Backend(Vertx vertx, GatewayConfig config, ClusterClient cluster, IndexClient index, StorageClient storage) {
    this.vertx = vertx;
    this.config = config;
    this.cluster = cluster;
    this.index = index;
    this.storage = storage;
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayConfig config() {
    return config;
  }

  public ClusterClient cluster() {
    return cluster;
  }

  public IndexClient index() {
    return index;
  }

  public StorageClient storage() {
    return storage;
  }

  /** Readiness: the trackers answer (the cluster view, cached briefly). */
  public Future<Boolean> ready() {
    return clusterState(false).map(s -> true).otherwise(false);
  }

  /** The bucket; NoSuchBucket when it is not registered. */
  public Future<BucketInfo> bucket(String name) {
    return cluster.getBucket(name).recover(e -> Future.failedFuture(
        ErrorMapper.toS3(e, S3Error.NO_SUCH_BUCKET).withBucket(name)));
  }

  /** An ACTIVE storage server of {@code group} to ask about the index (or read a file from). */
  public Future<HostPort> activeServer(String group) {
    return clusterState(false).compose(s -> {
      HostPort hp = pick(s, group);
      if (hp != null) {
        return Future.succeededFuture(hp);
      }
      return clusterState(true).compose(fresh -> {
        HostPort again = pick(fresh, group);
        return again != null ? Future.succeededFuture(again)
            : Future.failedFuture(S3Exception.of(S3Error.SERVICE_UNAVAILABLE,
                "No storage server of group " + group + " is available."));
      });
    });
  }

  /** The index server of a bucket's home group. */
  public Future<HostPort> indexServer(BucketInfo bucket) {
    return activeServer(bucket.homeGroup());
  }

  /** The index entry of a key, or null when there is none. */
  public Future<ObjectEntry> entryOrNull(HostPort server, String bucket, String key) {
    return index.get(server, bucket, key).map(ObjectEntry::fromJson).recover(e -> {
      if (e instanceof ProtoException p && p.code() == ErrorCode.ENOENT) {
        return Future.succeededFuture(null);
      }
      return Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR));
    });
  }

  /** The index entry of a key; NoSuchKey when there is none. */
  public Future<ObjectEntry> entry(HostPort server, String bucket, String key) {
    return entryOrNull(server, bucket, key).compose(e -> e != null ? Future.succeededFuture(e)
        : Future.failedFuture(S3Exception.of(S3Error.NO_SUCH_KEY).withKey(key)));
  }

  /** Removes a stored file, best effort (a leftover is logged, never surfaced to the client). */
  public Future<Void> deleteFileQuietly(String fileId) {
    if (fileId == null) {
      return Future.succeededFuture();
    }
    FileId id;
    try {
      id = FileId.parse(fileId);
    } catch (RuntimeException e) {
      LOG.warn("cannot parse file id {} to delete it", fileId);
      return Future.succeededFuture();
    }
    return cluster.trackers().queryUpdate(id)
        .compose(server -> storage.delete(server, id))
        .recover(e -> {
          if (!(e instanceof ProtoException p && p.code() == ErrorCode.ENOENT)) {
            LOG.warn("could not delete file {} (left as an orphan): {}", fileId, e.toString());
          }
          return Future.succeededFuture();
        });
  }

  /** Removes every file of an entry except those the new entry still uses, in the background. */
  public void deleteFilesQuietly(ObjectEntry old, ObjectEntry replacement) {
    if (old == null) {
      return;
    }
    List<String> keep = replacement == null ? List.of() : replacement.fileIds();
    for (String id : old.fileIds()) {
      if (!keep.contains(id)) {
        deleteFileQuietly(id);
      }
    }
  }

  /**
   * Streams {@code length} bytes of an object from {@code offset} into {@code out} (not ended): one
   * download for a single-file object, one per overlapping part, in order, for a multipart one.
   */
  public Future<Void> download(ObjectEntry e, long offset, long length, WriteStream<Buffer> out) {
    if (length == 0) {
      return Future.succeededFuture();
    }
    if (!e.isMultipart()) {
      return downloadFile(e.fileId(), offset, length, out);
    }
    Future<Void> chain = Future.succeededFuture();
    long partStart = 0;
    long end = offset + length;
    for (ObjectEntry.Part p : e.parts()) {
      long partEnd = partStart + p.size();
      long from = Math.max(offset, partStart);
      long to = Math.min(end, partEnd);
      if (from < to) {
        long off = from - partStart;
        long len = to - from;
        chain = chain.compose(v -> downloadFile(p.fileId(), off, len, out));
      }
      partStart = partEnd;
    }
    return chain;
  }

  private Future<Void> downloadFile(String fileId, long offset, long length, WriteStream<Buffer> out) {
    FileId id = FileId.parse(fileId);
    return activeServer(id.group())
        .compose(server -> storage.download(server, id, offset, length, out))
        .recover(err -> Future.failedFuture(ErrorMapper.toS3(err, S3Error.INTERNAL_ERROR)))
        .compose(n -> n == length ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("file " + fileId + " gave " + n + " of " + length
                + " bytes")));
  }

  private Future<JsonObject> clusterState(boolean fresh) {
    long now = System.nanoTime();
    if (!fresh && state != null && now - stateExpiresNanos < 0) {
      return Future.succeededFuture(state);
    }
    return cluster.clusterState().map(s -> {
      state = s;
      stateExpiresNanos = System.nanoTime() + config.clusterStateTtl().toNanos();
      return s;
    }).recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)));
  }

  private HostPort pick(JsonObject s, String group) {
    JsonArray groups = s.getJsonArray("groups", new JsonArray());
    List<HostPort> active = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      if (!group.equals(g.getString("name"))) {
        continue;
      }
      JsonArray servers = g.getJsonArray("servers", new JsonArray());
      for (int j = 0; j < servers.size(); j++) {
        JsonObject srv = servers.getJsonObject(j);
        if ("ACTIVE".equals(srv.getString("status"))) {
          active.add(new HostPort(srv.getString("host"), srv.getInteger("port")));
        }
      }
    }
    if (active.isEmpty()) {
      return null;
    }
    return active.get(Math.floorMod(roundRobin++, active.size()));
  }
}
