package io.stowage.tracker.cluster;

import io.stowage.tracker.placement.PathUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this tracker last heard from each storage server: the time of its last join or beat and its
 * per-path disk usage. Deliberately not replicated: it changes on every beat, each tracker hears the
 * beats itself (storage servers beat every tracker, as in FastDFS), and it is rebuilt within one beat
 * interval after a restart. Only the leader acts on it (marking silent servers OFFLINE through Raft).
 */
public final class SoftState {
  /** One server's last report. */
  public record Beat(long lastBeatMs, List<PathUsage> paths, long upTime, io.vertx.core.json.JsonObject syncProgress) {
    public Beat {
      paths = List.copyOf(paths);
    }

    public Beat(long lastBeatMs, List<PathUsage> paths, long upTime) {
      this(lastBeatMs, paths, upTime, null);
    }
  }

  private final Map<Integer, Beat> beats = new ConcurrentHashMap<>();
  private final Map<Integer, io.vertx.core.json.JsonObject> scrubs = new ConcurrentHashMap<>();

  /** A server's last reported scrub counts ({@code "scrub"} in its beat; see core-storage's {@code Scrub}). */
  public void recordScrub(int serverId, io.vertx.core.json.JsonObject scrub) {
    scrubs.put(serverId, scrub.copy());
  }

  public Optional<io.vertx.core.json.JsonObject> scrub(int serverId) {
    return Optional.ofNullable(scrubs.get(serverId));
  }

  public void record(int serverId, Beat beat) {
    beats.put(serverId, beat);
  }

  public Optional<Beat> beat(int serverId) {
    return Optional.ofNullable(beats.get(serverId));
  }

  public void forget(int serverId) {
    beats.remove(serverId);
    scrubs.remove(serverId);
  }
}
