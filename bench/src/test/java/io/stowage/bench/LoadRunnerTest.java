package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LoadRunnerTest {

  /** A driver whose workers are given by the test. */
  private static LoadDriver driver(IntFunction<LoadDriver.Worker> workers) {
    return new LoadDriver() {
      @Override
      public String server() {
        return "fake";
      }

      @Override
      public boolean supports(Operation op) {
        return true;
      }

      @Override
      public void prepare(BenchCase c) {
      }

      @Override
      public Worker worker(BenchCase c, int index) {
        return workers.apply(index);
      }

      @Override
      public void close() {
      }
    };
  }

  private static final Progress QUIET = new Progress(new PrintStream(new ByteArrayOutputStream()), false);

  @Test
  void countsOnlyMeasuredRequestsAndTheirBytes() throws Exception {
    BenchCase c = new BenchCase(Operation.PUT, 4096, 2);
    AtomicInteger calls = new AtomicInteger();
    CaseResult r = new LoadRunner(QUIET).run(driver(i -> seq -> {
      calls.incrementAndGet();
      Thread.sleep(1);
      return 4096;
    }), c, Duration.ofMillis(200), Duration.ofMillis(300));
    assertTrue(r.ops() > 0);
    assertTrue(r.ops() < calls.get(), "warm-up requests must not count");
    assertEquals(r.ops() * 4096, r.bytes());
    assertTrue(r.seconds() > 0.2 && r.seconds() <= 0.3, "equivalent seconds " + r.seconds());
    assertEquals(0, r.errors());
    assertTrue(r.p50Ms() >= 1.0, "latency recorded: " + r.p50Ms());
  }

  @Test
  void failedRequestsAreErrorsWithTheFirstMessage() throws Exception {
    BenchCase c = new BenchCase(Operation.GET, 4096, 1);
    CaseResult r = new LoadRunner(QUIET).run(driver(i -> seq -> {
      Thread.sleep(1);
      if (seq % 2 == 0) {
        throw new java.io.IOException("HTTP 503");
      }
      return 4096;
    }), c, Duration.ZERO, Duration.ofMillis(200));
    assertTrue(r.errors() > 0);
    assertTrue(r.ops() > 0);
    assertEquals("IOException: HTTP 503", r.firstError());
  }

  @Test
  void aCaseThatRunsOutOfWorkIsTimedUntilItsLastRequest() throws Exception {
    BenchCase c = new BenchCase(Operation.DELETE, 4096, 2);
    AtomicInteger left = new AtomicInteger(20);
    CaseResult r = new LoadRunner(QUIET).run(driver(i -> seq -> {
      if (left.decrementAndGet() < 0) {
        return LoadDriver.Worker.EXHAUSTED;
      }
      Thread.sleep(2);
      return 0;
    }), c, Duration.ofSeconds(5), Duration.ofSeconds(30));
    assertEquals(20, r.ops(), "delete skips the warm-up, so every delete is measured");
    assertTrue(r.seconds() < 5, "timed until the last delete, not the whole window: " + r.seconds());
  }

  @Test
  void anS3ErrorIsDescribedByItsCodeAsWellAsItsMessage() {
    Exception e = S3Exception.builder().message("Service is unable to handle request.")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceUnavailable").build()).build();
    String d = LoadRunner.describe(e);
    assertTrue(d.startsWith("S3Exception ServiceUnavailable: Service is unable to handle request."), d);
    assertEquals("IllegalStateException: boom", LoadRunner.describe(new IllegalStateException("boom")));
  }
}
