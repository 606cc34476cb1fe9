/**
 * Prometheus metrics and health endpoints for every role, without dependencies beyond vertx-core.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.stowage.common.metrics.MetricsRegistry}: counters, gauges and histograms, each a
 *       family with fixed label names; {@code render()} gives the text exposition format 0.0.4.</li>
 *   <li>{@link io.stowage.common.metrics.JvmMetrics#register}: heap, non-heap, threads, GC, uptime,
 *       CPU, file descriptors, read at scrape time.</li>
 *   <li>{@link io.stowage.common.metrics.S3Metrics}: the gateway's standard families
 *       ({@code stowage_s3_requests_total{operation,status_class}}, {@code stowage_s3_errors_total},
 *       {@code stowage_s3_request_duration_seconds{operation}}, bytes in/out, in-flight). The admin UI's
 *       live charts read exactly these names from the gateway's {@code /_stowage/metrics}.</li>
 *   <li>{@link io.stowage.common.metrics.MonitoringEndpoints}: {@code /metrics}, {@code /health/live},
 *       {@code /health/ready} under a prefix, on an existing HTTP server or a server of its own.</li>
 * </ul>
 *
 * <h2>Wiring a role</h2>
 * <pre>{@code
 * MetricsRegistry metrics = new MetricsRegistry();
 * JvmMetrics.register(metrics);
 *
 * // S3 gateway: on its own port, under the reserved prefix (no bucket can start with "_").
 * S3Metrics s3 = new S3Metrics(metrics);
 * MonitoringEndpoints m = new MonitoringEndpoints(metrics, "/_stowage", () -> Future.succeededFuture(trackersReachable()));
 * server.requestHandler(req -> { if (!m.handle(req)) { s3Router.handle(req); } });
 * // per request, once the response ended:
 * s3.record(operation.awsName(), response.getStatusCode(), System.nanoTime() - t0, bytesIn, bytesOut);
 *
 * // Tracker or storage (no HTTP port of their own): a small monitoring port, e.g. monitor_port = 9101.
 * Gauge free = metrics.gauge("stowage_storage_free_bytes", "Free bytes per store path.", "path");
 * free.labels("M00").setSupplier(() -> storePath.freeBytes());
 * MonitoringEndpoints.listen(vertx, bindAddr, monitorPort, new MonitoringEndpoints(metrics, "", () -> Future.succeededFuture(joined)));
 * }</pre>
 *
 * <h2>Rules</h2>
 * Keep label values bounded: operation names, status classes ({@link io.stowage.common.metrics.S3Metrics#statusClass}),
 * group names, server IDs, store path indexes; never object keys, bucket names, access keys or
 * client addresses. Counter names end in {@code _total}; durations are seconds, sizes bytes.
 * Everything is thread-safe and never blocks, so updates may happen on event loops.
 */
package io.stowage.common.metrics;
