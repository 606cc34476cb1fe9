package io.stowage.common.metrics;

/**
 * The S3 gateway's standard families, with bounded labels ({@code operation} is an AWS operation
 * name such as {@code GetObject}, {@code status_class} one of {@code 2xx 3xx 4xx 5xx}). The admin UI
 * reads these names from the gateway's {@code /_stowage/metrics} for its live charts, so keep them.
 *
 * <pre>{@code
 * S3Metrics s3 = new S3Metrics(registry);
 * s3.record("PutObject", 200, elapsedNanos, bytesIn, bytesOut);   // once per request, at the end
 * }</pre>
 */
public final class S3Metrics {
  public static final String REQUESTS = "stowage_s3_requests_total";
  public static final String ERRORS = "stowage_s3_errors_total";
  public static final String DURATION = "stowage_s3_request_duration_seconds";
  public static final String BYTES_IN = "stowage_s3_bytes_received_total";
  public static final String BYTES_OUT = "stowage_s3_bytes_sent_total";
  public static final String IN_FLIGHT = "stowage_s3_requests_in_flight";

  private final Counter requests;
  private final Counter errors;
  private final Histogram duration;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Gauge inFlight;

  public S3Metrics(MetricsRegistry r) {
    requests = r.counter(REQUESTS, "S3 requests by operation and status class.", "operation", "status_class");
    errors = r.counter(ERRORS, "S3 requests answered 4xx or 5xx, by operation and status class.", "operation", "status_class");
    duration = r.histogram(DURATION, "S3 request latency in seconds, by operation.", Histogram.LATENCY_SECONDS, "operation");
    bytesIn = r.counter(BYTES_IN, "Request body bytes received.");
    bytesOut = r.counter(BYTES_OUT, "Response body bytes sent.");
    inFlight = r.gauge(IN_FLIGHT, "S3 requests being served.");
  }

  /** {@code 2xx} .. {@code 5xx}; anything else {@code other}. */
  public static String statusClass(int status) {
    return status >= 200 && status < 600 ? (status / 100) + "xx" : "other";
  }

  public void started() {
    inFlight.labels().inc();
  }

  /** Records one finished request; call {@link #started()} before it if you track in-flight requests. */
  public void record(String operation, int status, long elapsedNanos, long bytesReceived, long bytesSent) {
    String sc = statusClass(status);
    requests.labels(operation, sc).inc();
    if (status >= 400) {
      errors.labels(operation, sc).inc();
    }
    duration.labels(operation).observeNanos(elapsedNanos);
    if (bytesReceived > 0) {
      bytesIn.labels().add(bytesReceived);
    }
    if (bytesSent > 0) {
      bytesOut.labels().add(bytesSent);
    }
  }

  public void finished() {
    inFlight.labels().dec();
  }
}
