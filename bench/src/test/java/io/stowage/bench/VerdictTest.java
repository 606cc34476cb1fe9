package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final BenchCase PUT_4K = new BenchCase(Operation.PUT, 4096, 16);
  private static final TargetSpec TARGET = new TargetSpec(PUT_4K, "s3proxy", 1.5);

  private static CaseResult result(String server, long ops, long errors) {
    return new CaseResult(server, PUT_4K, ops, ops * 4096, errors, 10.0, 1, 2, 3, null);
  }

  @Test
  void ratioIsStowageOpsPerSecondOverTheOthers() {
    assertEquals(1.6, Ratio.of(result("stowage", 16_000, 0), result("s3proxy", 10_000, 0)), 1e-9);
    assertEquals("  stowage/s3proxy put 4KiB c16: 1.60x",
        Format.ratioLine(result("stowage", 16_000, 0), result("s3proxy", 10_000, 0)));
  }

  @Test
  void reachingTheRatioPassesAndMissingItFails() {
    Verdict pass = Verdict.judge(TARGET, result("stowage", 15_000, 0), result("s3proxy", 10_000, 0));
    assertEquals(Verdict.Outcome.PASS, pass.outcome());
    assertEquals("PASS put 4KiB c16 vs s3proxy: 1.50x (target >= 1.5x)", pass.line());
    Verdict fail = Verdict.judge(TARGET, result("stowage", 14_900, 0), result("s3proxy", 10_000, 0));
    assertEquals(Verdict.Outcome.FAIL, fail.outcome());
    assertEquals("FAIL put 4KiB c16 vs s3proxy: 1.49x (target >= 1.5x)", fail.line());
  }

  @Test
  void stowageErrorsFailEvenAboveTheRatio() {
    assertEquals(Verdict.Outcome.FAIL,
        Verdict.judge(TARGET, result("stowage", 30_000, 1), result("s3proxy", 10_000, 0)).outcome());
  }

  @Test
  void theOtherServersErrorsAreShown() {
    Verdict v = Verdict.judge(TARGET, result("stowage", 30_000, 0), result("s3proxy", 10_000, 7));
    assertTrue(v.line().endsWith("but s3proxy had 7 errors"), v.line());
  }

  @Test
  void aServerThatMeasuredNothingGivesNoRatioAndNoPass() {
    Verdict v = Verdict.judge(TARGET, result("stowage", 10, 0), result("s3proxy", 0, 0));
    assertTrue(Double.isNaN(v.ratio()));
    assertEquals(Verdict.Outcome.FAIL, v.outcome());
    assertTrue(v.line().contains("n/a"), v.line());
  }

  @Test
  void aTargetWhoseServerDidNotRunIsNotRun() {
    Verdict v = Verdict.judge(TARGET, result("stowage", 10, 0), null);
    assertEquals(Verdict.Outcome.NOT_RUN, v.outcome());
    assertTrue(v.line().contains("add --compare s3proxy"), v.line());
  }

  @Test
  void againstNginxTheResultReadByThePlainHttpClientIsJudgedWhenItRan() {
    BenchCase get = new BenchCase(Operation.GET, 64 * Sizes.MIB, 1);
    TargetSpec vsNginx = new TargetSpec(get, "nginx", 0.9);
    CaseResult sdk = new CaseResult("stowage", get, 80, 80 * get.size(), 0, 10.0, 1, 2, 3, null);
    CaseResult overHttp = new CaseResult(PresignedHttpStore.NAME, get, 95, 95 * get.size(), 0, 10.0, 1, 2, 3, null);
    CaseResult nginx = new CaseResult("nginx", get, 100, 100 * get.size(), 0, 10.0, 1, 2, 3, null);

    Verdict v = Verdict.judge(vsNginx, BenchRun.measuredAgainst(List.of(sdk, overHttp, nginx), vsNginx), nginx);
    assertEquals(Verdict.Outcome.PASS, v.outcome());
    assertEquals("PASS get 64MiB c1 vs nginx (both read by one plain HTTP client): 0.95x (target >= 0.9x)", v.line());
    // without that run (no nginx), and against S3Proxy always, the SDK's result is judged
    assertEquals(sdk, BenchRun.measuredAgainst(List.of(sdk, nginx), vsNginx));
    TargetSpec vsS3proxy = new TargetSpec(get, "s3proxy", 1.2);
    assertEquals(sdk, BenchRun.measuredAgainst(List.of(sdk, overHttp), vsS3proxy));
  }

  @Test
  void targetsParseFromTheirTextAndBack() {
    TargetSpec t = TargetSpec.parse("get:64M:c4:nginx>=0.5");
    assertEquals(new TargetSpec(new BenchCase(Operation.GET, 64 * Sizes.MIB, 4), "nginx", 0.5), t);
    assertEquals("get:64MiB:4:nginx>=0.5", t.text());
    assertEquals(t, TargetSpec.parse(t.text()));
    List<TargetSpec> defaults = TargetSpec.parseList(TargetSpec.DEFAULTS);
    assertEquals(8, defaults.size());
    assertTrue(defaults.contains(new TargetSpec(PUT_4K, "s3proxy", 1.5)));
  }
}
