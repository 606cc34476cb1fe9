package io.stowage.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Runs one case against one server: {@code concurrency} platform threads issue requests back to back
 * for the warm-up, then for the measured window. Only requests that start and end inside the window
 * count; their latency goes into a per-thread histogram (microseconds), merged at the end.
 *
 * <p>Throughput is the sum of each client's rate over its own span (first counted request's start to
 * last one's end), not the count over the whole window: a 64 MiB request that straddles the window's
 * end would otherwise be lost along with the time spent on it, and with a few requests per client that
 * understates large objects by tens of percent. The result's seconds are the equivalent duration
 * (ops divided by that rate).
 */
final class LoadRunner {
  /** How long to wait for requests still running after the window closes (a 64 MiB PUT can be slow). */
  private static final long DRAIN_MILLIS = 120_000;
  private static final long HIGHEST_MICROS = 3_600_000_000L;

  private final Progress progress;

  LoadRunner(Progress progress) {
    this.progress = progress;
  }

  CaseResult run(LoadDriver driver, BenchCase c, Duration warmup, Duration measure) throws InterruptedException {
    if (c.op() == Operation.DELETE) {
      // deletes use up their objects: a warm-up would eat the ones the measured window needs
      warmup = Duration.ZERO;
    }
    long start = System.nanoTime();
    Window w = new Window(start + warmup.toNanos(), start + warmup.toNanos() + measure.toNanos());
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < c.concurrency(); i++) {
      Client client = new Client(driver.worker(c, i), w);
      clients.add(client);
      Thread t = new Thread(client, "bench-" + driver.server() + "-" + i);
      t.setDaemon(true);
      client.thread = t;
      t.start();
    }
    CpuUse cpu = watch(driver, c, w, clients, start);
    w.stop = true;
    for (Client client : clients) {
      client.thread.join(DRAIN_MILLIS);
      if (client.thread.isAlive()) {
        client.thread.interrupt();
      }
    }
    Histogram all = new Histogram(HIGHEST_MICROS, 3);
    long bytes = 0;
    double opsPerSecond = 0;
    for (Client client : clients) {
      all.add(client.latencies);
      bytes += client.bytes;
      opsPerSecond += client.opsPerSecond();
    }
    double seconds = opsPerSecond > 0 ? all.getTotalCount() / opsPerSecond : (w.end - w.measureStart) / 1e9;
    progress.clear();
    return CaseResult.of(driver.server(), c, bytes, w.errors.sum(), seconds, all, w.firstError.get(), cpu);
  }

  /**
   * Updates the progress line until the window closes or every worker ran out of work, and samples the
   * server's and this process's CPU when the measured window opens and when it closes.
   */
  private CpuUse watch(LoadDriver driver, BenchCase c, Window w, List<Client> clients, long start)
      throws InterruptedException {
    long lastOps = 0;
    long lastAt = System.nanoTime();
    long cpuAt = 0;
    long serverCpu = -1;
    long clientCpu = -1;
    while (true) {
      long now = System.nanoTime();
      if (now >= w.measureStart && cpuAt == 0) {
        cpuAt = now;
        serverCpu = driver.serverCpuNanos();
        clientCpu = CpuUse.selfNanos();
      }
      if (now >= w.end || clients.stream().noneMatch(cl -> cl.running)) {
        if (cpuAt == 0) {
          return CpuUse.UNKNOWN;
        }
        long wall = System.nanoTime() - cpuAt;
        return new CpuUse(CpuUse.cores(serverCpu, driver.serverCpuNanos(), wall),
            CpuUse.cores(clientCpu, CpuUse.selfNanos(), wall));
      }
      long ops = w.ops.sum();
      // the rate over the last interval; nothing sensible before the first one
      double rate = now - lastAt < 100_000_000L ? 0 : (ops - lastOps) / ((now - lastAt) / 1e9);
      lastOps = ops;
      lastAt = now;
      if (now < w.measureStart) {
        progress.show(driver.server(), c, "warm-up", (now - start) / 1e9, (w.measureStart - start) / 1e9, ops, rate,
            w.errors.sum());
      } else {
        progress.show(driver.server(), c, "measure", (now - w.measureStart) / 1e9, (w.end - w.measureStart) / 1e9,
            ops, rate, w.errors.sum());
      }
      // wake up on time for the window's start and end (the CPU samples), else twice a second
      long next = now < w.measureStart ? w.measureStart : w.end;
      Thread.sleep(Math.max(1, Math.min(500, (next - now) / 1_000_000)));
    }
  }

  /** The shared clock and counters of one case run. */
  private static final class Window {
    final long measureStart;
    final long end;
    volatile boolean stop;
    /** Requests finished so far, warm-up included: only for the progress line. */
    final LongAdder ops = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();

    Window(long measureStart, long end) {
      this.measureStart = measureStart;
      this.end = end;
    }
  }

  /** One client thread. */
  private static final class Client implements Runnable {
    final LoadDriver.Worker worker;
    final Window w;
    final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    long bytes;
    /** Start of the first and end of the last counted request (nanoTime); 0 before one. */
    long firstStart;
    long lastEnd;
    volatile boolean running = true;
    Thread thread;

    double opsPerSecond() {
      return rate(latencies.getTotalCount(), firstStart, lastEnd);
    }

    Client(LoadDriver.Worker worker, Window w) {
      this.worker = worker;
      this.w = w;
    }

    @Override
    public void run() {
      try {
        for (long seq = 0; !w.stop; seq++) {
          long t0 = System.nanoTime();
          long n;
          try {
            n = worker.run(seq);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            long t1 = System.nanoTime();
            w.ops.increment();
            if (t0 >= w.measureStart && t1 <= w.end) {
              w.errors.increment();
              w.firstError.compareAndSet(null, describe(e));
            }
            continue;
          }
          long t1 = System.nanoTime();
          if (n == LoadDriver.Worker.EXHAUSTED) {
            return;
          }
          w.ops.increment();
          if (t0 >= w.measureStart && t1 <= w.end) {
            latencies.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (t1 - t0) / 1000)));
            bytes += n;
            if (firstStart == 0) {
              firstStart = t0;
            }
            lastEnd = t1;
          }
        }
      } finally {
        running = false;
      }
    }
  }

  /** Read after the thread ended (join makes its fields visible). */
  private static double rate(long ops, long firstStart, long lastEnd) {
    return ops == 0 || lastEnd <= firstStart ? 0 : ops / ((lastEnd - firstStart) / 1e9);
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    m = m == null ? "" : m.replaceAll("\\s+", " ");
    if (m.length() > 200) {
      m = m.substring(0, 200) + "...";
    }
    // the S3 error code first: several codes share a message (SlowDown, ServiceUnavailable: both 503)
    String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
        ? a.awsErrorDetails().errorCode() : null;
    return e.getClass().getSimpleName() + (code == null ? "" : " " + code) + (m.isEmpty() ? "" : ": " + m);
  }
}
