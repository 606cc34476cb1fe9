package io.stowage.launcher;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.DiscardStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * {@code stowage bench-core}: upload, download and delete through the FastDFS protocol, exactly as a
 * FastDFS client does it (tracker query, then the storage command), at each size and concurrency.
 * Without {@code --tracker} it starts an embedded tracker and storage server in a temporary directory.
 */
final class CoreBench {
  private CoreBench() {}

  static void run(Args args) {
    List<Long> sizes = parseSizes(args.string("sizes", "4K,1M,16M"));
    List<Integer> concurrencies = new ArrayList<>();
    for (String c : args.string("concurrency", "1,16").split(",")) {
      concurrencies.add(Integer.parseInt(c.strip()));
    }
    int seconds = args.integer("seconds", 10, 1, 3600);
    int warmup = args.integer("warmup-seconds", 3, 0, 600);

    Vertx vertx = Vertx.vertx();
    Runnable shutdown = () -> { };
    HostPort tracker;
    if (args.has("tracker")) {
      tracker = HostPort.parse("--tracker", args.string("tracker", null));
    } else {
      EmbeddedCore core = EmbeddedCore.start(vertx);
      tracker = core.tracker();
      shutdown = core::stop;
      System.out.println("# embedded tracker + storage (group1) in " + core.dir() + ", fsync on");
    }
    FdfsClientPool pool = new FdfsClientPool(vertx, null, 64);
    TrackerClient trackers = new TrackerClient(pool, List.of(tracker));
    StorageClient storage = new StorageClient(pool);
    System.out.printf("%-9s %9s %5s %10s %10s %10s %10s %8s%n", "op", "size", "conc", "ops/s", "MiB/s", "p50 ms", "p99 ms", "errors");
    try {
      for (long size : sizes) {
        Buffer data = randomBuffer(size);
        for (int conc : concurrencies) {
          List<FileId> ids = new ArrayList<>();
          Phase up = new Phase("upload", size, conc);
          up.run(vertx, warmup, seconds, () -> trackers.queryStore(null)
              .compose(t -> storage.upload(t, "bin", data))
              .onSuccess(ids::add).mapEmpty());
          up.print();
          if (ids.isEmpty()) {
            continue;
          }
          int[] next = new int[1];
          Phase down = new Phase("download", size, conc);
          down.run(vertx, warmup, seconds, () -> {
            FileId id = ids.get(next[0]++ % ids.size());
            return trackers.queryFetch(id).compose(s -> storage.download(s, id, 0, 0, new DiscardStream()))
                .compose(n -> n == size ? Future.<Void>succeededFuture() : Future.failedFuture("short read " + n));
          });
          down.print();
          int[] del = new int[1];
          Phase delete = new Phase("delete", size, conc);
          delete.runCount(vertx, ids.size(), () -> {
            FileId id = ids.get(del[0]++);
            return trackers.queryUpdate(id).compose(s -> storage.delete(s, id));
          });
          delete.print();
        }
      }
    } finally {
      Roles.await(pool.close());
      shutdown.run();
      Roles.await(vertx.close());
    }
  }

  static List<Long> parseSizes(String s) {
    List<Long> out = new ArrayList<>();
    for (String p : s.split(",")) {
      String t = p.strip().toUpperCase();
      long mul = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
      out.add(Long.parseLong(mul == 1 ? t : t.substring(0, t.length() - 1)) * mul);
    }
    return out;
  }

  private static Buffer randomBuffer(long size) {
    byte[] b = new byte[(int) size];
    new Random(size).nextBytes(b);
    return Buffer.buffer(b);
  }

  /** One measured operation at one size and concurrency. */
  static final class Phase {
    final String op;
    final long size;
    final int conc;
    final LatencyRecorder latencies = new LatencyRecorder();
    long errors;
    double elapsedSeconds;
    String firstError;

    Phase(String op, long size, int conc) {
      this.op = op;
      this.size = size;
      this.conc = conc;
    }

    /** Runs {@code conc} loops for warm-up plus measured seconds; records only the measured part. */
    void run(Vertx vertx, int warmupSeconds, int seconds, Supplier<Future<Void>> operation) {
      long start = System.nanoTime();
      long measureFrom = start + warmupSeconds * 1_000_000_000L;
      long end = measureFrom + seconds * 1_000_000_000L;
      List<Future<Void>> loops = new ArrayList<>();
      Promise<Void> all = Promise.promise();
      vertx.runOnContext(v -> {
        for (int i = 0; i < conc; i++) {
          loops.add(loop(operation, measureFrom, end));
        }
        Future.join(loops).onComplete(ar -> all.complete());
      });
      Roles.await(all.future());
      elapsedSeconds = seconds;
    }

    /** Runs exactly {@code count} operations spread over {@code conc} loops, all measured. */
    void runCount(Vertx vertx, int count, Supplier<Future<Void>> operation) {
      long start = System.nanoTime();
      int[] left = {count};
      Promise<Void> all = Promise.promise();
      vertx.runOnContext(v -> {
        List<Future<Void>> loops = new ArrayList<>();
        for (int i = 0; i < conc; i++) {
          loops.add(countLoop(operation, left));
        }
        Future.join(loops).onComplete(ar -> all.complete());
      });
      Roles.await(all.future());
      elapsedSeconds = (System.nanoTime() - start) / 1e9;
    }

    /** One client loop; a promise per loop (not a chain of futures) keeps the stack flat. */
    private Future<Void> loop(Supplier<Future<Void>> operation, long measureFrom, long end) {
      Promise<Void> done = Promise.promise();
      step(operation, measureFrom, end, done);
      return done.future();
    }

    private void step(Supplier<Future<Void>> operation, long measureFrom, long end, Promise<Void> done) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.complete();
        return;
      }
      operation.get().onComplete(ar -> {
        if (t0 >= measureFrom) {
          record(ar.failed() ? ar.cause() : null, System.nanoTime() - t0);
        }
        step(operation, measureFrom, end, done);
      });
    }

    private Future<Void> countLoop(Supplier<Future<Void>> operation, int[] left) {
      Promise<Void> done = Promise.promise();
      countStep(operation, left, done);
      return done.future();
    }

    private void countStep(Supplier<Future<Void>> operation, int[] left, Promise<Void> done) {
      if (left[0] <= 0) {
        done.complete();
        return;
      }
      left[0]--;
      long t0 = System.nanoTime();
      operation.get().onComplete(ar -> {
        record(ar.failed() ? ar.cause() : null, System.nanoTime() - t0);
        countStep(operation, left, done);
      });
    }

    private void record(Throwable error, long nanos) {
      if (error != null) {
        errors++;
        if (firstError == null) {
          firstError = String.valueOf(error.getMessage());
        }
      } else {
        latencies.add(nanos);
      }
    }

    void print() {
      long ok = latencies.count();
      double opsPerSec = ok / elapsedSeconds;
      System.out.printf("%-9s %9s %5d %10.1f %10.1f %10.2f %10.2f %8d%n", op, human(size), conc, opsPerSec,
          opsPerSec * size / (1 << 20), latencies.percentileMillis(50), latencies.percentileMillis(99), errors);
      if (firstError != null) {
        System.out.println("#   first error: " + firstError);
      }
    }
  }

  static String human(long size) {
    if (size >= 1 << 20 && size % (1 << 20) == 0) {
      return (size >> 20) + "MiB";
    }
    if (size >= 1 << 10 && size % (1 << 10) == 0) {
      return (size >> 10) + "KiB";
    }
    return size + "B";
  }

  /** An embedded tracker + storage in a temp directory, for a self-contained benchmark. */
  record EmbeddedCore(Path dir, HostPort tracker, Runnable stopper) {
    static EmbeddedCore start(Vertx vertx) {
      try {
        Path dir = Files.createTempDirectory("stowage-bench");
        AllInOne.EmbeddedLayout layout = AllInOne.EmbeddedLayout.prepare(dir);
        var t = Roles.await(io.stowage.tracker.TrackerNode.start(vertx,
            io.stowage.tracker.TrackerConfig.load(layout.writeTrackerConfig(0), java.util.Map.of())));
        var s = Roles.await(io.stowage.storage.StorageNode.start(vertx,
            io.stowage.storage.StorageConfig.load(layout.writeStorageConfig(0, t.port()), java.util.Map.of())));
        return new EmbeddedCore(dir, new HostPort("127.0.0.1", t.port()),
            () -> Roles.await(s.stop().eventually(t::stop)));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void stop() {
      stopper.run();
    }
  }
}
