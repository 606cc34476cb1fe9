package io.stowage.common.client;

import io.stowage.common.proto.Commands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The trackers' registry calls a gateway makes: buckets, credentials, the cluster view. */
public final class ClusterClient {
  private final TrackerClient trackers;

  public ClusterClient(TrackerClient trackers) {
    this.trackers = trackers;
  }

  public TrackerClient trackers() {
    return trackers;
  }

  /** Registers a bucket; {@code group} null lets placement choose. Fails EEXIST when taken. */
  public Future<BucketInfo> createBucket(String name, String group, String owner) {
    JsonObject req = new JsonObject().put("name", name).put("group", group).put("owner", owner);
    return trackers.internal(Commands.BUCKET_CREATE, req).map(BucketInfo::fromJson);
  }

  /** Fails ENOENT when there is no such bucket. */
  public Future<BucketInfo> getBucket(String name) {
    return trackers.internal(Commands.BUCKET_GET, new JsonObject().put("name", name)).map(BucketInfo::fromJson);
  }

  public Future<Void> deleteBucket(String name) {
    return trackers.internal(Commands.BUCKET_DELETE, new JsonObject().put("name", name)).mapEmpty();
  }

  public Future<List<BucketInfo>> listBuckets() {
    return trackers.internal(Commands.BUCKET_LIST, new JsonObject()).map(j -> {
      List<BucketInfo> out = new ArrayList<>();
      JsonArray a = j.getJsonArray("buckets", new JsonArray());
      for (int i = 0; i < a.size(); i++) {
        out.add(BucketInfo.fromJson(a.getJsonObject(i)));
      }
      return out;
    });
  }

  /** Fails ENOENT when the access key is unknown. */
  public Future<Credential> getCredential(String accessKey) {
    return trackers.internal(Commands.CREDENTIAL_GET, new JsonObject().put("accessKey", accessKey)).map(Credential::fromJson);
  }

  public Future<Void> putCredential(Credential c) {
    return trackers.internal(Commands.CREDENTIAL_PUT, c.toJson()).mapEmpty();
  }

  /** The cluster view: {@code {"leader", "groups":[{"name","servers":[{"serverId","host","port","status",...}]}]}}. */
  public Future<JsonObject> clusterState() {
    return trackers.internal(Commands.CLUSTER_STATE, new JsonObject());
  }
}
