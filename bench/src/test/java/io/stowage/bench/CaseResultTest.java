package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CaseResultTest {
  private static final BenchCase PUT_1M = new BenchCase(Operation.PUT, Sizes.MIB, 8);

  @Test
  void percentilesComeFromTheMicrosecondHistogramInMilliseconds() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 1000; i++) {
      h.recordValue(i * 1000L); // 1 ms .. 1000 ms
    }
    CaseResult r = CaseResult.of("stowage", PUT_1M, 1000 * Sizes.MIB, 0, 10.0, h, null);
    assertEquals(1000, r.ops());
    assertEquals(500, r.p50Ms(), 1.0);
    assertEquals(990, r.p99Ms(), 1.0);
    assertEquals(999, r.p999Ms(), 1.0);
    assertEquals(100.0, r.opsPerSecond(), 1e-9);
    assertEquals(100.0, r.mibPerSecond(), 1e-9);
  }

  private static CaseResult round(long ops, double p50, long errors, String firstError) {
    return new CaseResult("stowage", PUT_1M, ops, ops * Sizes.MIB, errors, 10.0, p50, 2 * p50, 3 * p50, firstError,
        new CpuUse(ops / 1000.0, 0.5));
  }

  @Test
  void theMedianRoundIsTheMiddleOneByRateWithItsOwnLatenciesAndCpu() {
    CaseResult median = CaseResult.medianRound(List.of(round(3000, 30, 0, null), round(1000, 10, 0, null),
        round(2000, 20, 0, null)));
    assertEquals(2000, median.ops());
    assertEquals(20, median.p50Ms());
    assertEquals(40, median.p99Ms());
    assertEquals(2.0, median.cpu().serverCores());
    assertEquals(200.0, median.opsPerSecond(), 1e-9);
  }

  @Test
  void ofAnEvenNumberOfRoundsTheMedianIsTheSlowerMiddleOne() {
    assertEquals(2000, CaseResult.medianRound(List.of(round(4000, 1, 0, null), round(2000, 1, 0, null),
        round(1000, 1, 0, null), round(3000, 1, 0, null))).ops());
    assertEquals(1000, CaseResult.medianRound(List.of(round(3000, 1, 0, null), round(1000, 1, 0, null))).ops());
  }

  @Test
  void theMedianRoundCarriesTheErrorsOfEveryRound() {
    CaseResult median = CaseResult.medianRound(List.of(round(1000, 1, 2, "S3Exception: SlowDown"),
        round(2000, 1, 0, null), round(3000, 1, 5, "IOException: reset")));
    assertEquals(2000, median.ops());
    assertEquals(7, median.errors());
    assertEquals("S3Exception: SlowDown", median.firstError());
  }

  @Test
  void anEmptyHistogramGivesZeroesNotErrors() {
    CaseResult r = CaseResult.of("nginx", PUT_1M, 0, 3, 10.0, new Histogram(3_600_000_000L, 3), "IOException: x");
    assertEquals(0, r.ops());
    assertEquals(0, r.p50Ms());
    assertEquals(0, r.opsPerSecond());
    assertEquals(3, r.errors());
  }

  @Test
  void resultLineHasOpsMibLatenciesAndErrors() {
    CaseResult r = new CaseResult("stowage", new BenchCase(Operation.GET, 4096, 16), 24_690, 24_690L * 4096, 0, 10.0,
        5.214, 12.34, 20.1, null);
    String line = Format.result(r);
    assertTrue(line.startsWith("stowage      get 4KiB c16"), line);
    assertTrue(line.contains("2,469 ops/s"), line);
    assertTrue(line.contains("9.6 MiB/s"), line);
    assertTrue(line.contains("p50   5.21ms"), line);
    assertTrue(line.contains("p99   12.3ms"), line);
    assertTrue(line.contains("p999   20.1ms"), line);
    assertTrue(line.endsWith("errors 0"), line);
  }

  @Test
  void resultLineShowsTheFirstError() {
    CaseResult r = new CaseResult("s3proxy", PUT_1M, 1, Sizes.MIB, 2, 1.0, 1, 1, 1, "S3Exception: SlowDown");
    assertTrue(Format.result(r).endsWith("errors 2  (first error: S3Exception: SlowDown)"));
  }

  @Test
  void summaryIsAMarkdownTableAndCsvHasOneRowPerResult() {
    CaseResult r = new CaseResult("stowage", PUT_1M, 500, 500 * Sizes.MIB, 0, 10.0, 15.5, 30.25, 40.125, null,
        new CpuUse(1.5, 0.25));
    CaseResult external = new CaseResult("stowage", PUT_1M, 500, 500 * Sizes.MIB, 0, 10.0, 15.5, 30.25, 40.125, null);
    assertEquals("""
        | server | op | size | conc | ops/s | MiB/s | p50 ms | p99 ms | p999 ms | errors | server cores | client cores | server CPU us/op | client CPU us/op |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
        | stowage | put | 1 MiB | 8 | 50.0 | 50.0 | 15.50 | 30.25 | 40.13 | 0 | 1.50 | 0.25 | 30,000 | 5,000 |
        | stowage | put | 1 MiB | 8 | 50.0 | 50.0 | 15.50 | 30.25 | 40.13 | 0 | - | - | - | - |
        """, Format.summary(List.of(r, external)));
    assertEquals(List.of(ResultsCsv.HEADER,
            "stowage,put,1048576,1MiB,8,10.000,500,50.00,50.000,15.500,30.250,40.125,0,1.500,0.250",
            "stowage,put,1048576,1MiB,8,10.000,500,50.00,50.000,15.500,30.250,40.125,0,,"),
        ResultsCsv.lines(List.of(r, external)));
  }

  @Test
  void resultLineShowsCpuOnlyWhenKnown() {
    CaseResult known = new CaseResult("stowage", PUT_1M, 1, Sizes.MIB, 0, 1.0, 1, 1, 1, null, new CpuUse(1.234, 0.5));
    // 1 op/s: 1.234 cores are 1,234,000 us of CPU per request
    assertTrue(Format.result(known).endsWith("errors 0  cpu server 1.23 (1,234,000 us/op) client 0.50 (500,000 us/op)"),
        Format.result(known));
    CaseResult unknown = new CaseResult("stowage", PUT_1M, 1, Sizes.MIB, 0, 1.0, 1, 1, 1, null);
    assertTrue(Format.result(unknown).endsWith("errors 0"), Format.result(unknown));
  }

  @Test
  void coresAreCpuTimeOverWallTimeAndUnknownWhenASampleIs() {
    assertEquals(1.5, CpuUse.cores(1_000_000_000L, 4_000_000_000L, 2_000_000_000L), 1e-9);
    assertTrue(Double.isNaN(CpuUse.cores(-1, 4_000_000_000L, 2_000_000_000L)));
    assertTrue(CpuUse.selfNanos() > 0, "this JVM's CPU time is readable");
    assertTrue(CpuUse.treeNanos(ProcessHandle.current()) >= CpuUse.selfNanos() - 50_000_000L);
    long self = ProcessHandle.current().pid();
    assertTrue(CpuUse.processesNanos(List.of(self, self)) >= 2 * (CpuUse.selfNanos() - 50_000_000L), "the processes' sum");
    assertEquals(-1, CpuUse.processesNanos(List.of()));
    assertEquals(-1, CpuUse.processesNanos(List.of(self, Long.MAX_VALUE)), "a process that is gone makes it unknown");
  }
}
