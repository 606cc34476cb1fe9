package io.stowage.admin;

import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;
import io.stowage.common.config.KeyValueConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of the admin role ({@code admin.conf}, FastDFS-style {@code key = value}, each overridable
 * by {@code STOWAGE_<KEY>}).
 *
 * @param bindAddr address to listen on ({@code bind_addr}, default 0.0.0.0)
 * @param port admin port ({@code port}, default 9001, 0 = ephemeral)
 * @param trackers {@code tracker_server} host:port list (at least one)
 * @param clusterSecret {@code cluster_secret}, for the trackers' and storage servers' internal commands
 * @param s3Endpoint the S3 gateway's base URL for the object browser and live stats ({@code s3_endpoint},
 *     e.g. http://127.0.0.1:9000), or null when there is no gateway
 * @param s3Region the region the gateway signs for ({@code s3_region}, default us-east-1)
 * @param auditLog JSON-lines audit log file ({@code audit_log}, default {@code admin-audit.log})
 * @param sessionIdleSeconds idle expiry of a login session ({@code session_idle_timeout}, 60s..24h, default 30m)
 * @param sessionMaxSeconds absolute expiry of a login session ({@code session_max_age}, 5m..7d, default 12h)
 * @param tlsCert PEM certificate chain ({@code tls_cert}); with {@code tls_key} the port serves HTTPS
 *     and the session cookie is {@code Secure}
 * @param tlsKey PEM private key ({@code tls_key})
 */
public record AdminConfig(String bindAddr, int port, List<HostPort> trackers, String clusterSecret, String s3Endpoint,
    String s3Region, Path auditLog, long sessionIdleSeconds, long sessionMaxSeconds, Path tlsCert, Path tlsKey) {
  public static final int DEFAULT_PORT = 9001;

  public AdminConfig {
    trackers = List.copyOf(trackers);
    if (trackers.isEmpty()) {
      throw new ConfigException("tracker_server", "is required");
    }
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new ConfigException("cluster_secret", "is required");
    }
    if (s3Endpoint != null && !s3Endpoint.isEmpty()) {
      URI u;
      try {
        u = URI.create(s3Endpoint);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("s3_endpoint", "'" + s3Endpoint + "' is not a URL");
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new ConfigException("s3_endpoint", "'" + s3Endpoint + "' must be http(s)://host[:port]");
      }
      s3Endpoint = s3Endpoint.endsWith("/") ? s3Endpoint.substring(0, s3Endpoint.length() - 1) : s3Endpoint;
    } else {
      s3Endpoint = null;
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ConfigException(tlsCert == null ? "tls_cert" : "tls_key", "tls_cert and tls_key go together");
    }
  }

  public static AdminConfig load(Path file, Map<String, String> env) {
    KeyValueConfig c = KeyValueConfig.load(file, env);
    List<HostPort> trackers = new ArrayList<>();
    for (String t : c.list("tracker_server")) {
      trackers.add(HostPort.parse("tracker_server", t));
    }
    String cert = c.string("tls_cert", null);
    String key = c.string("tls_key", null);
    return new AdminConfig(c.string("bind_addr", "0.0.0.0"), c.port("port", DEFAULT_PORT), trackers, c.required("cluster_secret"),
        c.string("s3_endpoint", null), c.string("s3_region", "us-east-1"), Path.of(c.string("audit_log", "admin-audit.log")),
        c.seconds("session_idle_timeout", 1800, 60, 86_400), c.seconds("session_max_age", 43_200, 300, 604_800),
        cert == null ? null : Path.of(cert), key == null ? null : Path.of(key));
  }

  /**
   * The settings the all-in-one launcher uses: loopback or {@code bindAddr}, the given port, trackers
   * and secret, the local gateway as {@code s3Endpoint} (or null), the audit log under the data dir.
   */
  public static AdminConfig embedded(String bindAddr, int port, List<HostPort> trackers, String clusterSecret, String s3Endpoint,
      Path auditLog) {
    return new AdminConfig(bindAddr, port, trackers, clusterSecret, s3Endpoint, "us-east-1", auditLog, 1800, 43_200, null, null);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  /** The same settings on another port (e.g. the launcher's {@code --admin-port}). */
  public AdminConfig withPort(int newPort) {
    if (newPort < 0 || newPort > 65535) {
      throw new ConfigException("port", newPort + " is outside 0..65535");
    }
    return new AdminConfig(bindAddr, newPort, trackers, clusterSecret, s3Endpoint, s3Region, auditLog, sessionIdleSeconds, sessionMaxSeconds,
        tlsCert, tlsKey);
  }

  public AdminConfig withS3(String endpoint, String region) {
    return new AdminConfig(bindAddr, port, trackers, clusterSecret, endpoint, region, auditLog, sessionIdleSeconds, sessionMaxSeconds,
        tlsCert, tlsKey);
  }

  @Override
  public String toString() {
    return "AdminConfig[bind=" + bindAddr + ":" + port + ", trackers=" + trackers + ", s3=" + s3Endpoint + ", audit=" + auditLog
        + ", tls=" + tls() + "]";
  }
}
