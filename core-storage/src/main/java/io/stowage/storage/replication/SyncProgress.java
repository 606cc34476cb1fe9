package io.stowage.storage.replication;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * Catch-up progress, reported to the trackers with every beat and shown per server as
 * {@code syncProgress} in CLUSTER_STATE: per peer the binlog offset applied and the peer's binlog
 * size last seen, plus counts of applied, skipped (corrupt) records, index entries fetched from a
 * peer (a change whose version is already here needs no fetch) and the last error. Thread-safe.
 */
public final class SyncProgress {
  private final Map<Integer, long[]> peers = new TreeMap<>();
  private String state = "IDLE";
  private long applied;
  private long corrupt;
  private long fetched;
  private String lastError;

  public synchronized void peer(int serverId, long offset, long end) {
    peers.put(serverId, new long[] {offset, end});
  }

  public synchronized void state(String s) {
    state = s;
  }

  public synchronized void applied() {
    applied++;
  }

  public synchronized void fetched() {
    fetched++;
  }

  public synchronized long fetchedCount() {
    return fetched;
  }

  public synchronized void corrupt() {
    corrupt++;
  }

  public synchronized long corruptCount() {
    return corrupt;
  }

  public synchronized void error(String e) {
    lastError = e;
  }

  public synchronized JsonObject toJson() {
    JsonArray a = new JsonArray();
    peers.forEach((id, o) -> a.add(new JsonObject().put("serverId", id).put("offset", o[0]).put("end", o[1])
        .put("behindBytes", Math.max(0, o[1] - o[0]))));
    JsonObject j = new JsonObject().put("state", state).put("peers", a).put("appliedRecords", applied).put("corruptRecords", corrupt)
        .put("fetchedEntries", fetched);
    if (lastError != null) {
      j.put("lastError", lastError);
    }
    return j;
  }
}
