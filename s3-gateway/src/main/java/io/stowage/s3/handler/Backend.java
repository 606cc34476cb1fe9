package io.stowage.s3.handler;

import io.stowage.common.client.BucketInfo;
import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.IndexClient;
import io.stowage.common.client.LocalStorage;
import io.stowage.common.client.StorageClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.metrics.Counter;
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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  /** How long a storage server that failed a call is passed over (the trackers usually mark it OFFLINE by then). */
  private static final long SUSPECT_NANOS = 10_000_000_000L;

  private final Vertx vertx;
  private final GatewayConfig config;
  private final ClusterClient cluster;
  private final IndexClient index;
  private final StorageClient storage;
  private JsonObject state;
  private long stateExpiresNanos;
  private int roundRobin;
  /** ACTIVE members read out of {@link #state} (or a fresher answer), reused while it is current. */
  private ActiveMembers members;
  /** Servers that failed a call at the connection level, until when they are passed over. */
  private final Map<HostPort, Long> suspectUntil = new HashMap<>();
  /** The storage server in this JVM, for short-circuit reads; null when there is none. */
  private final LocalStorage localStorage;
  private final BucketCache buckets;
  private final Counter localReads;

  public Backend(Vertx vertx, GatewayConfig config, ClusterClient cluster, IndexClient index, StorageClient storage) {
    this(vertx, config, cluster, index, storage, null, null, new BucketCache(config.bucketCacheTtl()));
  }

  /**
   * With short-circuit reads from {@code localStorage} (may be null), counted in {@code localReads},
   * and bucket records reused from {@code buckets} (shared by a gateway's event loops).
   */
  public Backend(Vertx vertx, GatewayConfig config, ClusterClient cluster, IndexClient index, StorageClient storage,
                 LocalStorage localStorage, Counter localReads, BucketCache buckets) {
    this.buckets = buckets;
    this.localStorage = localStorage;
    this.localReads = localReads;
    this.vertx = vertx;
    this.config = config;
    this.cluster = cluster;
    // an index read whose member died or hung is tried again on another ACTIVE member of its group
    this.index = index.withFailover(this::alternative);
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

  /**
   * The bucket, asked of the trackers (bucket-level requests: a bucket deleted through another
   * gateway is gone at once); NoSuchBucket when it is not registered. The answer refreshes, or
   * drops, this gateway's cached record.
   */
  public Future<BucketInfo> bucket(String name) {
    return cluster.getBucket(name).map(b -> {
      buckets.put(b);
      return b;
    }).recover(e -> {
      buckets.invalidate(name);
      return Future.failedFuture(ErrorMapper.toS3(e, S3Error.NO_SUCH_BUCKET).withBucket(name));
    });
  }

  /**
   * The bucket of an object request: a record looked up in the last {@code bucket_cache_ttl} when
   * there is one (see {@link BucketCache}), else as {@link #bucket}.
   */
  public Future<BucketInfo> objectBucket(String name) {
    BucketInfo cached = buckets.get(name);
    return cached != null ? Future.succeededFuture(cached) : bucket(name);
  }

  /** Unregisters a bucket (its record leaves this gateway's cache); NoSuchBucket when it is not registered. */
  public Future<Void> deleteBucket(String name) {
    // dropped once the trackers answered: a lookup racing the delete may have cached it again
    return cluster.deleteBucket(name).andThen(ar -> buckets.invalidate(name))
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.NO_SUCH_BUCKET).withBucket(name)));
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

  /**
   * After an index write naming {@code fileId} failed: removes the file only when the index server
   * refused the write outright (or was never reached). When the answer was lost (broken connection,
   * timeout) or was EAGAIN (applied locally but short of copies), the entry may exist or appear later
   * (a paused server works through its socket buffer when it resumes), so the file is kept: an
   * orphan file costs space, a dangling entry would lose the object.
   */
  public Future<Void> deleteFileUnlessIndexed(String fileId, Throwable indexError) {
    if (indexError instanceof ProtoException p && p.code() != ErrorCode.EAGAIN && p.code() != ErrorCode.ETIMEDOUT
        && p.code() != ErrorCode.EIO) {
      return deleteFileQuietly(fileId);
    }
    if (fileId != null) {
      LOG.warn("index write for file {} has an unknown outcome ({}); the file is kept", fileId, indexError.toString());
    }
    return Future.succeededFuture();
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
    if (e.isInline()) {
      return InlineBytes.write(e, offset, length, out); // small object: its bytes came with the entry
    }
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

  /**
   * Short-circuit local read: the local file holding bytes {@code [offset, offset + length)} of
   * {@code e} when the storage server in this JVM has it and is ACTIVE for its group in this
   * gateway's cluster view (the in-sync rule every read follows) and not suspect; null otherwise,
   * and for inline objects and ranges spanning parts of a multipart one (those stream).
   */
  public Future<LocalRead> localRead(ObjectEntry e, long offset, long length) {
    if (localStorage == null || e.isInline() || length == 0) {
      return Future.succeededFuture();
    }
    String fileId = e.isMultipart() ? null : e.fileId();
    long fileOffset = offset;
    if (e.isMultipart()) {
      long partStart = 0;
      for (ObjectEntry.Part p : e.parts()) {
        if (offset >= partStart && offset + length <= partStart + p.size()) {
          fileId = p.fileId();
          fileOffset = offset - partStart;
          break;
        }
        partStart += p.size();
      }
    }
    if (fileId == null) {
      return Future.succeededFuture();
    }
    FileId id = FileId.parse(fileId);
    Optional<Path> path = localStorage.path(id);
    if (path.isEmpty()) {
      return Future.succeededFuture();
    }
    HostPort local = localStorage.server();
    LocalRead read = new LocalRead(path.get(), fileOffset, length);
    return clusterState(false).map(s -> {
      members = ActiveMembers.of(s, members);
      return members.isActive(id.group(), local) && !isSuspect(local) ? read : null;
    })
        .otherwise((LocalRead) null);
  }

  /** Counts a GET answered by a short-circuit local read. */
  public void countLocalRead() {
    if (localReads != null) {
      localReads.inc();
    }
  }

  private Future<Void> downloadFile(String fileId, long offset, long length, WriteStream<Buffer> out) {
    FileId id = FileId.parse(fileId);
    return activeServer(id.group())
        .compose(server -> downloadFrom(server, id, offset, length, out, 1))
        .recover(err -> Future.failedFuture(ErrorMapper.toS3(err, S3Error.INTERNAL_ERROR)))
        .compose(n -> n == length ? Future.<Void>succeededFuture()
            : Future.failedFuture(new IllegalStateException("file " + fileId + " gave " + n + " of " + length
                + " bytes")));
  }

  /**
   * One download of {@code length} (> 0) bytes; when {@code server} fails at the connection level
   * (dead, or hung past the read timeout or, mid-body, the idle timeout) it goes on from another
   * ACTIVE member of the group at the first byte {@code out} has not had — every copy of a file has
   * the same bytes (its name carries their size and CRC32) — at most {@code retries} more times.
   * Completes with the bytes written.
   */
  private Future<Long> downloadFrom(HostPort server, FileId id, long offset, long length, WriteStream<Buffer> out,
                                    int retries) {
    DownloadProgress watched = new DownloadProgress(out);
    return storage.download(server, id, offset, length, watched).recover(e -> {
      long done = watched.written();
      if (retries <= 0 || watched.outFailed() || done >= length || !IndexClient.isConnectionFailure(e)) {
        return Future.failedFuture(e);
      }
      return alternative(server, e).transform(alt -> alt.succeeded()
          ? downloadFrom(alt.result(), id, offset + done, length - done, out, retries - 1).map(n -> done + n)
          : Future.failedFuture(e));
    });
  }

  /**
   * After {@code failed} failed a call at the connection level: remembers it (passed over for a few
   * seconds) and names another ACTIVE member of its group from a fresh cluster view; fails when there
   * is none.
   */
  Future<HostPort> alternative(HostPort failed, Throwable cause) {
    suspect(failed);
    LOG.info("storage server {} failed ({}); trying another member of its group", failed, cause.toString());
    return clusterState(true).compose(s -> {
      String group = groupOf(s, failed);
      HostPort other = group == null ? null : pick(s, group, failed);
      return other != null ? Future.succeededFuture(other)
          : Future.failedFuture(new ProtoException(ErrorCode.ECONNREFUSED, "no other ACTIVE member than " + failed));
    });
  }

  /** Passes {@code server} over for reads and writes for a few seconds (it failed a call). */
  void suspect(HostPort server) {
    suspectUntil.put(server, System.nanoTime() + SUSPECT_NANOS);
  }

  /** Whether {@code server} failed a call in the last few seconds. */
  boolean isSuspect(HostPort server) {
    Long until = suspectUntil.get(server);
    if (until == null) {
      return false;
    }
    if (System.nanoTime() - until >= 0) {
      suspectUntil.remove(server);
      return false;
    }
    return true;
  }

  /** Whether the trackers (cluster view, cached briefly) say {@code server} is OFFLINE. */
  Future<Boolean> isOffline(HostPort server) {
    return clusterState(false).map(s -> {
      for (Object g : s.getJsonArray("groups", new JsonArray())) {
        JsonObject srv = serverIn((JsonObject) g, server);
        if (srv != null) {
          return "OFFLINE".equals(srv.getString("status"));
        }
      }
      return false;
    });
  }

  private static String groupOf(JsonObject s, HostPort server) {
    for (Object g : s.getJsonArray("groups", new JsonArray())) {
      if (serverIn((JsonObject) g, server) != null) {
        return ((JsonObject) g).getString("name");
      }
    }
    return null;
  }

  private static JsonObject serverIn(JsonObject group, HostPort server) {
    for (Object o : group.getJsonArray("servers", new JsonArray())) {
      JsonObject srv = (JsonObject) o;
      if (server.host().equals(srv.getString("host")) && srv.getInteger("port", -1) == server.port()) {
        return srv;
      }
    }
    return null;
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
    return pick(s, group, null);
  }

  /**
   * An ACTIVE member of {@code group} other than {@code not}, round robin, passing over suspects
   * while a member that is not one remains.
   */
  private HostPort pick(JsonObject s, String group, HostPort not) {
    members = ActiveMembers.of(s, members);
    List<HostPort> active = members.of(group);
    if (not == null && suspectUntil.isEmpty() && !active.isEmpty()) {
      return active.get(Math.floorMod(roundRobin++, active.size())); // the usual case, without a copy
    }
    List<HostPort> candidates = active.stream().filter(hp -> !hp.equals(not)).toList();
    List<HostPort> healthy = candidates.stream().filter(hp -> !isSuspect(hp)).toList();
    List<HostPort> from = healthy.isEmpty() ? candidates : healthy;
    if (from.isEmpty()) {
      return null;
    }
    return from.get(Math.floorMod(roundRobin++, from.size()));
  }
}
