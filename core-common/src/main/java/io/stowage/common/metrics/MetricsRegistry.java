package io.stowage.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A small Prometheus registry rendering the text exposition format 0.0.4: counters, gauges and
 * histograms, each a family with a fixed list of label names declared up front. Label values are
 * the caller's responsibility to keep bounded (operation names, status classes, group names; never
 * object keys, bucket names or access keys). Thread-safe: families and children may be created and
 * updated from any thread; {@link #render()} takes a consistent-enough snapshot.
 *
 * <p>Typical use in a role (tracker, storage, gateway, admin):
 *
 * <pre>{@code
 * MetricsRegistry metrics = new MetricsRegistry();
 * JvmMetrics.register(metrics);                          // heap, threads, GC, uptime, CPU
 * Counter requests = metrics.counter("stowage_s3_requests_total", "S3 requests.", "operation", "status_class");
 * requests.labels("GetObject", "2xx").inc();
 * Histogram latency = metrics.histogram("stowage_s3_request_duration_seconds", "S3 request latency.",
 *     Histogram.LATENCY_SECONDS, "operation");
 * latency.labels("GetObject").observe(0.012);
 * metrics.gauge("stowage_up", "Always 1.", () -> 1);    // callback gauge without labels
 *
 * MonitoringEndpoints endpoints = new MonitoringEndpoints(metrics, "", () -> Future.succeededFuture(true));
 * httpServer.requestHandler(req -> { if (!endpoints.handle(req)) { ...the role's own routes... } });
 * }</pre>
 *
 * Gateways mount the endpoints under {@code /_stowage} ({@code new MonitoringEndpoints(metrics,
 * "/_stowage", ready)}) because {@code /metrics} on the S3 port is a bucket; {@link S3Metrics} holds
 * the gateway's standard families, which the admin UI reads for its live charts.
 */
public final class MetricsRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Family<?>> families = new LinkedHashMap<>();

  /** A counter family; name should end in {@code _total}. */
  public Counter counter(String name, String help, String... labelNames) {
    return register(new Counter(name, help, labelNames));
  }

  /** A gauge family set by the caller. */
  public Gauge gauge(String name, String help, String... labelNames) {
    return register(new Gauge(name, help, labelNames));
  }

  /** A gauge without labels read from {@code value} at each scrape. */
  public Gauge gauge(String name, String help, DoubleSupplier value) {
    Gauge g = register(new Gauge(name, help, new String[0]));
    g.labels().setSupplier(value);
    return g;
  }

  /** A histogram family with fixed upper bounds (strictly increasing; +Inf is implicit). */
  public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return register(new Histogram(name, help, buckets, labelNames));
  }

  private synchronized <F extends Family<?>> F register(F f) {
    if (!NAME.matcher(f.name).matches()) {
      throw new IllegalArgumentException("bad metric name " + f.name);
    }
    for (String l : f.labelNames) {
      if (!LABEL.matcher(l).matches() || l.startsWith("__") || (f instanceof Histogram && l.equals("le"))) {
        throw new IllegalArgumentException("bad label name " + l + " on " + f.name);
      }
    }
    if (families.containsKey(f.name)) {
      throw new IllegalArgumentException("metric " + f.name + " is already registered");
    }
    families.put(f.name, f);
    return f;
  }

  /** The registered family of that name, or null. */
  public synchronized Family<?> family(String name) {
    return families.get(name);
  }

  /** The whole registry in the Prometheus text format (version 0.0.4), families in registration order. */
  public String render() {
    List<Family<?>> fs;
    synchronized (this) {
      fs = new ArrayList<>(families.values());
    }
    StringBuilder sb = new StringBuilder(4096);
    for (Family<?> f : fs) {
      f.render(sb);
    }
    return sb.toString();
  }

  /** The content type of {@link #render()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
}
