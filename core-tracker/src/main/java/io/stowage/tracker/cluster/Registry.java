package io.stowage.tracker.cluster;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.Placement;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The bucket registry and credentials: reads from the applied state, changes through Raft. */
public final class Registry {
  private final ClusterStore store;
  private final Placement placement;
  private final Supplier<List<GroupView>> groups;
  private final LongSupplier clock;
  private final SecretSealer sealer;

  public Registry(ClusterStore store, Placement placement, Supplier<List<GroupView>> groups, LongSupplier clock,
      SecretSealer sealer) {
    this.sealer = sealer;
    this.store = store;
    this.placement = placement;
    this.groups = groups;
    this.clock = clock;
  }

  /**
   * Registers a bucket on {@code homeGroup}, or with null on the group {@code store_lookup} picks.
   * Fails EEXIST if the name is taken, ENOENT for an unknown group, ENOSPC if no group takes writes.
   */
  public Future<BucketRecord> createBucket(String name, String homeGroup, String owner) {
    if (!validBucketName(name)) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "bucket name must be 3..63 characters of [a-z0-9.-]"));
    }
    String group = homeGroup;
    if (group == null || group.isEmpty()) {
      if (store.state().bucket(name).isPresent()) {
        return Future.failedFuture(new ProtoException(ErrorCode.EEXIST, "bucket " + name + " exists"));
      }
      try {
        group = placement.chooseGroup(groups.get()).name();
      } catch (ProtoException e) {
        return Future.failedFuture(e);
      }
    }
    return store.submit(ClusterCommands.putBucket(name, group, owner == null ? "" : owner, clock.getAsLong()))
        .map(r -> BucketRecord.fromJson(r.getJsonObject("bucket")));
  }

  /**
   * The names the storage servers' key index accepts: 3..63 characters of {@code [a-z0-9.-]}. The
   * gateway applies S3's finer rules (no leading dot, no IP-address form, ...) before asking.
   */
  public static boolean validBucketName(String name) {
    if (name == null || name.length() < 3 || name.length() > 63) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  public Future<BucketRecord> bucket(String name) {
    return store.state().bucket(name).map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "no bucket " + name)));
  }

  public List<BucketRecord> buckets() {
    return List.copyOf(store.state().buckets().values());
  }

  /** Fails ENOENT if unknown. Whether the bucket is empty is the caller's check. */
  public Future<Void> deleteBucket(String name) {
    return store.submit(ClusterCommands.deleteBucket(name)).mapEmpty();
  }

  /** The credential with its secret unsealed. */
  public Future<CredentialRecord> credential(String accessKey) {
    return store.state().credential(accessKey).map(this::unsealed).map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new ProtoException(ErrorCode.ENOENT, "no access key " + accessKey)));
  }

  /** A stored credential with its secret unsealed. */
  public CredentialRecord unsealed(CredentialRecord c) {
    return new CredentialRecord(c.accessKey(), sealer.open(c.secretKey()), c.enabled(), c.grants(), c.created());
  }

  public Future<Void> putCredential(String accessKey, String secretKey, boolean enabled, List<String> grants) {
    if (secretKey == null || secretKey.isEmpty()) {
      return Future.failedFuture(new ProtoException(ErrorCode.EINVAL, "empty secret"));
    }
    return store.submit(ClusterCommands.putCredential(accessKey, sealer.seal(secretKey), enabled, grants, clock.getAsLong()))
        .mapEmpty();
  }

  public Future<Void> deleteCredential(String accessKey) {
    return store.submit(ClusterCommands.deleteCredential(accessKey)).mapEmpty();
  }
}
