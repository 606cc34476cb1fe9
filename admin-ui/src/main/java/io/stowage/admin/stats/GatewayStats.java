package io.stowage.admin.stats;

import io.stowage.common.metrics.Histogram;
import io.stowage.common.metrics.S3Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live rates from successive scrapes of the gateway's {@code /_stowage/metrics} (the {@link S3Metrics}
 * families): ops/s, errors/s and MiB/s in/out from the last interval, p99 latency per operation
 * from histogram bucket deltas over the last ten scrapes. Pure: the caller feeds scrapes.
 */
public final class GatewayStats {
  static final int WINDOW = 11;

  /** Counters of one scrape, reduced to what the charts need. */
  record Scrape(long timeMs, Map<String, Double> requests, Map<String, Double> errors, double bytesIn, double bytesOut,
      Map<String, TreeMap<Double, Double>> buckets) {}

  private final Deque<Scrape> scrapes = new ArrayDeque<>();

  /** Adds a scrape of the gateway's metrics text taken at {@code timeMs}. */
  public void add(long timeMs, String text) {
    Map<String, Double> req = new HashMap<>();
    Map<String, Double> err = new HashMap<>();
    Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
    double in = 0;
    double out = 0;
    for (PromText.Sample s : PromText.parse(text)) {
      String op = s.labels().getOrDefault("operation", "");
      switch (s.name()) {
        case S3Metrics.REQUESTS -> req.merge(op, s.value(), Double::sum);
        case S3Metrics.ERRORS -> err.merge(op, s.value(), Double::sum);
        case S3Metrics.BYTES_IN -> in += s.value();
        case S3Metrics.BYTES_OUT -> out += s.value();
        case S3Metrics.DURATION + "_bucket" -> {
          String le = s.labels().get("le");
          double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
          buckets.computeIfAbsent(op, k -> new TreeMap<>()).merge(bound, s.value(), Double::sum);
        }
        default -> { }
      }
    }
    Scrape sc = new Scrape(timeMs, req, err, in, out, buckets);
    Scrape last = scrapes.peekLast();
    if (last != null && (sc.bytesIn() < last.bytesIn() || timeMs <= last.timeMs())) {
      scrapes.clear(); // the gateway restarted (counters reset) or the clock went back
    }
    scrapes.addLast(sc);
    while (scrapes.size() > WINDOW) {
      scrapes.removeFirst();
    }
  }

  public void reset() {
    scrapes.clear();
  }

  /** {@code {"opsPerSec","errorsPerSec","inMiBps","outMiBps","operations":[{"operation","opsPerSec","errorsPerSec","p99Ms"}]}}, or null before two scrapes. */
  public JsonObject rates() {
    if (scrapes.size() < 2) {
      return null;
    }
    Scrape now = scrapes.peekLast();
    Scrape prev = ((ArrayDeque<Scrape>) scrapes).stream().skip(scrapes.size() - 2).findFirst().orElseThrow();
    Scrape oldest = scrapes.peekFirst();
    double secs = (now.timeMs() - prev.timeMs()) / 1000.0;
    JsonArray ops = new JsonArray();
    double totalOps = 0;
    double totalErr = 0;
    TreeSet<String> names = new TreeSet<>(now.requests().keySet());
    for (String op : names) {
      double r = Math.max(0, now.requests().getOrDefault(op, 0.0) - prev.requests().getOrDefault(op, 0.0)) / secs;
      double e = Math.max(0, now.errors().getOrDefault(op, 0.0) - prev.errors().getOrDefault(op, 0.0)) / secs;
      totalOps += r;
      totalErr += e;
      Double p99 = p99Ms(now.buckets().get(op), oldest.buckets().get(op));
      ops.add(new JsonObject().put("operation", op).put("opsPerSec", round(r)).put("errorsPerSec", round(e)).put("p99Ms", p99));
    }
    return new JsonObject().put("opsPerSec", round(totalOps)).put("errorsPerSec", round(totalErr))
        .put("inMiBps", round(Math.max(0, now.bytesIn() - prev.bytesIn()) / secs / 1048576.0))
        .put("outMiBps", round(Math.max(0, now.bytesOut() - prev.bytesOut()) / secs / 1048576.0)).put("operations", ops);
  }

  /** p99 in ms over the window from cumulative bucket counts now minus then; null without observations. */
  static Double p99Ms(TreeMap<Double, Double> now, TreeMap<Double, Double> then) {
    if (now == null || now.isEmpty()) {
      return null;
    }
    List<Double> bounds = now.keySet().stream().filter(b -> !b.isInfinite()).toList();
    double[] b = new double[bounds.size()];
    double[] cum = new double[bounds.size() + 1];
    int i = 0;
    for (Map.Entry<Double, Double> e : now.entrySet()) {
      double old = then == null ? 0 : then.getOrDefault(e.getKey(), 0.0);
      if (!e.getKey().isInfinite()) {
        b[i] = e.getKey();
      }
      cum[e.getKey().isInfinite() ? bounds.size() : i] = Math.max(0, e.getValue() - old);
      if (!e.getKey().isInfinite()) {
        i++;
      }
    }
    if (b.length == 0) {
      return null;
    }
    double q = Histogram.quantile(0.99, b, cum);
    return Double.isNaN(q) ? null : round(q * 1000);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
