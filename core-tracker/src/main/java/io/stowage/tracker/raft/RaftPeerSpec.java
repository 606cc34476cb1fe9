package io.stowage.tracker.raft;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;

/** One tracker of the Raft group: {@code id@host:port} (the port is the Raft port). */
public record RaftPeerSpec(String id, HostPort address) {
  public static RaftPeerSpec parse(String key, String v) {
    int at = v.indexOf('@');
    if (at <= 0) {
      throw new ConfigException(key, "'" + v + "' is not id@host:port");
    }
    String id = v.substring(0, at);
    if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new ConfigException(key, "peer id '" + id + "' must be 1..64 of [A-Za-z0-9_.-]");
    }
    return new RaftPeerSpec(id, HostPort.parse(key, v.substring(at + 1)));
  }

  @Override
  public String toString() {
    return id + "@" + address;
  }
}
