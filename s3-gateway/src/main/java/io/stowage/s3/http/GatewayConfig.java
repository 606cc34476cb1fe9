package io.stowage.s3.http;

import io.stowage.common.client.Credential;
import io.stowage.common.config.ConfigException;
import io.stowage.common.config.HostPort;
import io.stowage.common.config.KeyValueConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of one S3 gateway, from a FastDFS-style {@code key = value} file overridable by
 * {@code STOWAGE_<KEY>} environment variables (so {@code STOWAGE_ACCESS_KEY} /
 * {@code STOWAGE_SECRET_KEY} set the root credential).
 *
 * @param bindAddr            address to listen on
 * @param port                HTTP port, 0 for an ephemeral one
 * @param trackers            tracker addresses ({@code tracker_server}, comma list or numbered keys)
 * @param clusterSecret       secret for internal commands on trackers and storage servers
 * @param baseDomains         domains for virtual-hosted-style addressing ({@code bucket.<domain>})
 * @param region              the region this gateway answers for (credential scope, LocationConstraint)
 * @param rootAccessKey       root access key the launcher registers, or null
 * @param rootSecretKey       its secret, or null
 * @param eventLoops          HTTP server instances (one per event loop), each with its own connection pools
 * @param credentialCacheTtl  how long a credential looked up on the tracker is reused
 * @param clusterStateTtl     how long the cluster view (which storage servers are ACTIVE) is reused
 * @param bucketCacheTtl      how long a bucket record looked up on the trackers is reused (0: never);
 *                            another gateway's DeleteBucket is seen here only after it
 * @param maxClockSkew        RequestTimeTooSkewed beyond this
 * @param maxObjectSize       largest single PUT (EntityTooLarge above)
 * @param inlineMaxSize       objects up to this many bytes (length known up front) are kept inline in
 *                            their index entry instead of a file; 0 disables
 */
public record GatewayConfig(String bindAddr, int port, List<HostPort> trackers, String clusterSecret,
                            List<String> baseDomains, String region, String rootAccessKey, String rootSecretKey,
                            int eventLoops, Duration credentialCacheTtl, Duration clusterStateTtl,
                            Duration bucketCacheTtl, Duration maxClockSkew, long maxObjectSize, int inlineMaxSize) {
  public static final int DEFAULT_PORT = 9000;
  public static final String DEFAULT_REGION = "us-east-1";
  public static final long DEFAULT_MAX_OBJECT_SIZE = 5L << 30;
  /**
   * 16 KiB: the size range where a file's fixed costs (placement query, file + directory fsync,
   * binlog line, separate index write) dominate, while RocksDB values stay small enough not to
   * bloat compaction or the replication messages; it also bounds what one PUT may hold in memory.
   */
  public static final int DEFAULT_INLINE_MAX_SIZE = 16 * 1024;
  /** The storage servers refuse larger inline values. */
  public static final int MAX_INLINE_MAX_SIZE = 1 << 20;

  public GatewayConfig {
    trackers = List.copyOf(trackers);
    baseDomains = List.copyOf(baseDomains);
    if (trackers.isEmpty()) {
      throw new ConfigException("tracker_server", "is required");
    }
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new ConfigException("cluster_secret", "is required");
    }
    if (inlineMaxSize < 0 || inlineMaxSize > MAX_INLINE_MAX_SIZE) {
      throw new ConfigException("inline_max_size", "must be 0.." + MAX_INLINE_MAX_SIZE);
    }
    if ((rootAccessKey == null) != (rootSecretKey == null)) {
      throw new ConfigException(rootAccessKey == null ? "access_key" : "secret_key",
          "access_key and secret_key must be given together");
    }
  }

  /** Reads {@code file} (null: environment and defaults only). */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    KeyValueConfig c = KeyValueConfig.load(file, env);
    List<HostPort> trackers = new ArrayList<>();
    for (String t : c.list("tracker_server")) {
      trackers.add(HostPort.parse("tracker_server", t));
    }
    List<String> domains = new ArrayList<>();
    for (String d : c.list("base_domain")) {
      String n = d.toLowerCase(Locale.ROOT);
      if (n.startsWith(".") || n.endsWith(".") || n.contains(":") || n.isEmpty()) {
        throw new ConfigException("base_domain", "'" + d + "' is not a domain name (no port, no leading dot)");
      }
      domains.add(n);
    }
    String access = emptyToNull(c.string("access_key", null));
    String secret = emptyToNull(c.string("secret_key", null));
    if (access != null && (access.length() < 3 || access.length() > 128)) {
      throw new ConfigException("access_key", "must have 3..128 characters");
    }
    if (secret != null && secret.length() < 8) {
      throw new ConfigException("secret_key", "must have at least 8 characters");
    }
    return new GatewayConfig(
        c.string("bind_addr", "0.0.0.0"),
        c.port("port", DEFAULT_PORT),
        trackers,
        c.required("cluster_secret"),
        domains,
        c.string("region", DEFAULT_REGION),
        access,
        secret,
        c.integer("event_loops", Math.min(Runtime.getRuntime().availableProcessors(), 8), 1, 256),
        Duration.ofSeconds(c.seconds("credential_cache_ttl", 5, 0, 300)),
        Duration.ofSeconds(c.seconds("cluster_state_ttl", 2, 0, 60)),
        Duration.ofSeconds(c.seconds("bucket_cache_ttl", 2, 0, 60)),
        Duration.ofSeconds(c.seconds("max_clock_skew", 900, 1, 86400)),
        c.size("max_object_size", DEFAULT_MAX_OBJECT_SIZE),
        (int) Math.min(c.size("inline_max_size", DEFAULT_INLINE_MAX_SIZE), Integer.MAX_VALUE));
  }

  /** A gateway for tests and the all-in-one launcher: loopback, the given port, defaults otherwise. */
  public static GatewayConfig of(List<HostPort> trackers, String clusterSecret, int port) {
    return new GatewayConfig("127.0.0.1", port, trackers, clusterSecret, List.of(), DEFAULT_REGION, null, null,
        2, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(15), DEFAULT_MAX_OBJECT_SIZE,
        DEFAULT_INLINE_MAX_SIZE);
  }

  public GatewayConfig withRootCredential(String accessKey, String secretKey) {
    return new GatewayConfig(bindAddr, port, trackers, clusterSecret, baseDomains, region, accessKey, secretKey,
        eventLoops, credentialCacheTtl, clusterStateTtl, bucketCacheTtl, maxClockSkew, maxObjectSize, inlineMaxSize);
  }

  public GatewayConfig withBaseDomains(List<String> domains) {
    return new GatewayConfig(bindAddr, port, trackers, clusterSecret, domains, region, rootAccessKey, rootSecretKey,
        eventLoops, credentialCacheTtl, clusterStateTtl, bucketCacheTtl, maxClockSkew, maxObjectSize, inlineMaxSize);
  }

  public GatewayConfig withEventLoops(int n) {
    return new GatewayConfig(bindAddr, port, trackers, clusterSecret, baseDomains, region, rootAccessKey,
        rootSecretKey, n, credentialCacheTtl, clusterStateTtl, bucketCacheTtl, maxClockSkew, maxObjectSize, inlineMaxSize);
  }

  public GatewayConfig withCredentialCacheTtl(Duration ttl) {
    return new GatewayConfig(bindAddr, port, trackers, clusterSecret, baseDomains, region, rootAccessKey,
        rootSecretKey, eventLoops, ttl, clusterStateTtl, bucketCacheTtl, maxClockSkew, maxObjectSize, inlineMaxSize);
  }

  public GatewayConfig withInlineMaxSize(int bytes) {
    return new GatewayConfig(bindAddr, port, trackers, clusterSecret, baseDomains, region, rootAccessKey,
        rootSecretKey, eventLoops, credentialCacheTtl, clusterStateTtl, bucketCacheTtl, maxClockSkew, maxObjectSize, bytes);
  }

  /** The root credential to register on the trackers (enabled, grant {@code admin}), when configured. */
  public Optional<Credential> rootCredential() {
    return rootAccessKey == null ? Optional.empty()
        : Optional.of(new Credential(rootAccessKey, rootSecretKey, true, List.of("admin")));
  }

  /** Never shows the cluster secret or the root secret. */
  @Override
  public String toString() {
    return "GatewayConfig[" + bindAddr + ":" + port + ", trackers=" + trackers + ", region=" + region
        + ", baseDomains=" + baseDomains + ", rootAccessKey=" + rootAccessKey + ", eventLoops=" + eventLoops + "]";
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
