package io.stowage.launcher;

import io.stowage.common.config.CommandLine;

import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.StorageClient;
import io.stowage.common.client.TrackerClient;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.DiscardStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.stowage.common.runtime.VertxFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.stowage.common.cluster.ServerStatus;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.storage.replication.GroupMembers;
import io.stowage.tracker.TrackerConfig;
import io.stowage.tracker.TrackerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * {@code stowage bench-core}: upload, download and delete through the FastDFS protocol, exactly as a
 * FastDFS client does it (tracker query, then the storage command), at each size and concurrency.
 * Without {@code --tracker} it starts an embedded tracker and {@code --replicas} storage servers of
 * group1 (default 1; with 2 every write is synchronously replicated) in a temporary directory.
 */
final class CoreBench {
  private CoreBench() {}

  static void run(CommandLine args) {
    List<Long> sizes = parseSizes(args.string("sizes", "4K,1M,16M"));
    List<Integer> concurrencies = new ArrayList<>();
    for (String c : args.string("concurrency", "1,16").split(",")) {
      concurrencies.add(Integer.parseInt(c.strip()));
    }
    int seconds = args.integer("seconds", 10, 1, 3600);
    int warmup = args.integer("warmup-seconds", 3, 0, 600);
    int replicas = args.integer("replicas", 1, 1, 3);
    // uploads always run (the other operations need files); downloads and deletes can be left out
    List<String> ops = java.util.Arrays.stream(args.string("ops", "upload,download,delete").toLowerCase().split(","))
        .map(String::strip).toList();
    String trackerOption = args.string("tracker", null);
    args.rejectUnknown();

    Vertx vertx = VertxFactory.create();
    Runnable shutdown = () -> { };
    HostPort tracker;
    if (trackerOption != null) {
      tracker = HostPort.parse("--tracker", trackerOption);
    } else {
      EmbeddedCore core = EmbeddedCore.start(vertx, replicas);
      tracker = core.tracker();
      shutdown = core::stop;
      System.out.println("# embedded tracker + " + replicas + " storage server(s) in group1"
          + (replicas > 1 ? " (synchronous replication)" : "") + " in " + core.dir() + ", fsync on");
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
          if (ops.contains("download")) {
            int[] next = new int[1];
            Phase down = new Phase("download", size, conc);
            down.run(vertx, warmup, seconds, () -> {
              FileId id = ids.get(next[0]++ % ids.size());
              return trackers.queryFetch(id).compose(s -> storage.download(s, id, 0, 0, new DiscardStream()))
                  .compose(n -> n == size ? Future.<Void>succeededFuture() : Future.failedFuture("short read " + n));
            });
            down.print();
          }
          if (!ops.contains("delete")) {
            continue;
          }
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

  /**
   * An embedded tracker + {@code replicas} storage servers of group1 in a temp directory, for a
   * self-contained benchmark. With several servers every upload is streamed to the peers and made
   * durable there before the answer, so start returns only once all of them are ACTIVE and see each
   * other as in sync.
   */
  record EmbeddedCore(Path dir, HostPort tracker, Runnable stopper) {
    static EmbeddedCore start(Vertx vertx, int replicas) {
      try {
        Path dir = Files.createTempDirectory("stowage-bench");
        AllInOne.EmbeddedLayout layout = AllInOne.EmbeddedLayout.prepare(dir);
        TrackerNode t = Roles.await(TrackerNode.start(vertx, TrackerConfig.load(layout.writeTrackerConfig(0), Map.of())));
        List<StorageNode> storages = new ArrayList<>();
        Runnable stopAll = () -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = storages.size() - 1; i >= 0; i--) {
            chain = chain.eventually(storages.get(i)::stop);
          }
          Roles.await(chain.eventually(t::stop));
          deleteTree(dir);
        };
        try {
          for (int i = 0; i < replicas; i++) {
            storages.add(Roles.await(StorageNode.start(vertx, StorageConfig.load(storageConfig(layout, i, t.port()), Map.of()))));
            awaitInSync(storages); // the first member must be ACTIVE before the next one joins and copies it
          }
        } catch (RuntimeException e) {
          stopAll.run();
          throw e;
        }
        return new EmbeddedCore(dir, new HostPort("127.0.0.1", t.port()), stopAll);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    /** Storage server {@code i} of group1: its own id and directory, 1 s heartbeats so peers learn of each other quickly. */
    private static Path storageConfig(AllInOne.EmbeddedLayout layout, int i, int trackerPort) throws java.io.IOException {
      Path base = layout.data().resolve("storage" + (i + 1));
      Path conf = layout.data().resolve("etc").resolve("storage" + (i + 1) + ".conf");
      Files.writeString(conf, """
          group_name = group1
          server_id = %d
          bind_addr = 127.0.0.1
          port = 0
          base_path = %s
          store_path0 = %s
          tracker_server = 127.0.0.1:%d
          cluster_secret = %s
          heartbeat_interval = 1
          """.formatted(100001 + i, base, base, trackerPort, layout.secret()));
      return conf;
    }

    /** Removes the benchmark's temp directory (best effort: it is under the system temp dir anyway). */
    private static void deleteTree(Path dir) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        System.err.println("# cannot remove " + dir + ": " + e.getMessage());
      }
    }

    /** Waits (up to 60 s) until every server is ACTIVE and sees all the others ACTIVE. */
    private static void awaitInSync(List<StorageNode> storages) {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!inSync(storages)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("storage servers not in sync after 60 s");
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the storage servers", e);
        }
      }
    }

    private static boolean inSync(List<StorageNode> storages) {
      for (StorageNode s : storages) {
        GroupMembers view = s.members();
        if (view.self() != ServerStatus.ACTIVE) {
          return false;
        }
        for (StorageNode other : storages) {
          int id = other.config().serverId();
          if (other != s && view.members().stream().noneMatch(m -> m.serverId() == id && m.status() == ServerStatus.ACTIVE)) {
            return false;
          }
        }
      }
      return true;
    }

    void stop() {
      stopper.run();
    }
  }
}
