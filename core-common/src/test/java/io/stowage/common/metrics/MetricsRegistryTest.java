package io.stowage.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  @Test
  void counterAndGaugeRenderExactTextFormat() {
    MetricsRegistry r = new MetricsRegistry();
    Counter c = r.counter("stowage_requests_total", "Requests.\nAll of them \\ really.", "operation", "status_class");
    c.labels("GetObject", "2xx").inc();
    c.labels("GetObject", "2xx").add(2);
    c.labels("Put\"x\\\n", "5xx").inc();
    Gauge g = r.gauge("stowage_free_bytes", "Free bytes.");
    g.set(1.5);
    r.gauge("stowage_up", "Up.", () -> 1);
    assertEquals("""
        # HELP stowage_requests_total Requests.\\nAll of them \\\\ really.
        # TYPE stowage_requests_total counter
        stowage_requests_total{operation="GetObject",status_class="2xx"} 3
        stowage_requests_total{operation="Put\\"x\\\\\\n",status_class="5xx"} 1
        # HELP stowage_free_bytes Free bytes.
        # TYPE stowage_free_bytes gauge
        stowage_free_bytes 1.5
        # HELP stowage_up Up.
        # TYPE stowage_up gauge
        stowage_up 1
        """, r.render());
  }

  @Test
  void histogramBucketsAreCumulativeAndInclusive() {
    MetricsRegistry r = new MetricsRegistry();
    Histogram h = r.histogram("lat_seconds", "Latency.", new double[] {0.1, 1, 10}, "op");
    Histogram.Child c = h.labels("get");
    c.observe(0.05);
    c.observe(0.1); // equal to a bound: counts in that bucket
    c.observe(0.5);
    c.observe(100);
    assertEquals("""
        # HELP lat_seconds Latency.
        # TYPE lat_seconds histogram
        lat_seconds_bucket{op="get",le="0.1"} 2
        lat_seconds_bucket{op="get",le="1"} 3
        lat_seconds_bucket{op="get",le="10"} 3
        lat_seconds_bucket{op="get",le="+Inf"} 4
        lat_seconds_sum{op="get"} 100.65
        lat_seconds_count{op="get"} 4
        """, r.render());
  }

  @Test
  void histogramWithoutLabelsHasOnlyLe() {
    MetricsRegistry r = new MetricsRegistry();
    r.histogram("h", "H.", new double[] {1}).labels().observe(2);
    assertTrue(r.render().contains("h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n"));
  }

  @Test
  void quantileInterpolatesLikePromQl() {
    double[] bounds = {0.1, 0.2, 0.4};
    // 10 in (0,0.1], 80 in (0.1,0.2], 10 in (0.2,0.4]
    double[] cum = {10, 90, 100, 100};
    assertEquals(0.1 + 0.1 * (40.0 / 80), Histogram.quantile(0.5, bounds, cum), 1e-9);
    assertEquals(0.2 + 0.2 * (9.0 / 10), Histogram.quantile(0.99, bounds, cum), 1e-9);
    assertEquals(0.4, Histogram.quantile(0.99, bounds, new double[] {0, 0, 0, 5}), 1e-9);
    assertTrue(Double.isNaN(Histogram.quantile(0.99, bounds, new double[] {0, 0, 0, 0})));
  }

  @Test
  void rejectsWrongLabelCountDuplicatesAndBadBuckets() {
    MetricsRegistry r = new MetricsRegistry();
    Counter c = r.counter("a_total", "A.", "x");
    assertThrows(IllegalArgumentException.class, () -> c.labels("1", "2"));
    assertThrows(IllegalArgumentException.class, () -> r.counter("a_total", "again"));
    assertThrows(IllegalArgumentException.class, () -> r.counter("bad-name", "B."));
    assertThrows(IllegalArgumentException.class, () -> r.histogram("h", "H.", new double[] {2, 1}));
    assertThrows(IllegalArgumentException.class, () -> r.histogram("h2", "H.", new double[] {1}, "le"));
    assertThrows(IllegalArgumentException.class, () -> c.labels("1").add(-1));
  }

  @Test
  void jvmAndS3MetricsRender() {
    MetricsRegistry r = new MetricsRegistry();
    JvmMetrics.register(r);
    S3Metrics s3 = new S3Metrics(r);
    s3.record("GetObject", 404, 3_000_000, 0, 120);
    String text = r.render();
    assertTrue(text.contains("jvm_memory_bytes_used{area=\"heap\"} "));
    assertTrue(text.contains("stowage_s3_errors_total{operation=\"GetObject\",status_class=\"4xx\"} 1\n"));
    assertTrue(text.contains("stowage_s3_request_duration_seconds_bucket{operation=\"GetObject\",le=\"0.005\"} 1\n"));
    assertTrue(text.contains("stowage_s3_bytes_sent_total 120\n"));
  }
}
