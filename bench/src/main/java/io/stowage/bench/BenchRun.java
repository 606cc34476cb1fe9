package io.stowage.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * One {@code stowage bench} invocation: starts (or reaches) the servers, runs every case in rounds in
 * which the servers take turns (Stowage first), prints results, ratios, a summary and the targets'
 * verdicts, writes the CSV and the plot, and stops what it started.
 */
final class BenchRun {
  /** What put cases of objects at least this large wrote is deleted before the next such case. */
  static final long CLEANUP_MIN_SIZE = Sizes.MIB;

  private final BenchOptions o;
  private final PrintStream out;
  private final PrintStream err;
  private final Progress progress;
  private final List<ServerHandle> servers = new ArrayList<>();
  private final List<LoadDriver> drivers = new ArrayList<>();
  private final List<S3Store> externalBuckets = new ArrayList<>();
  private final List<Verdict> verdicts = new ArrayList<>();
  private final DirtyPages dirtyPages = new DirtyPages();
  private boolean cleanedUp;

  BenchRun(BenchOptions o, PrintStream out, PrintStream err) {
    this.o = o;
    this.out = out;
    this.err = err;
    this.progress = new Progress(err, o.progress());
  }

  List<Verdict> verdicts() {
    return verdicts;
  }

  List<CaseResult> run() throws Exception {
    Files.createDirectories(o.workDir());
    Path work = Files.createTempDirectory(o.workDir(), "s3bench-");
    // Ctrl-C must not leave servers running or their data behind
    Thread stopOnExit = new Thread(() -> cleanUp(work), "bench-stop-servers");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      startServers(work);
      return runCases();
    } finally {
      progress.clear();
      cleanUp(work);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // already shutting down: the hook does the same
      }
    }
  }

  /** Once: by the normal end of the run, or by the shutdown hook on Ctrl-C. */
  private synchronized void cleanUp(Path work) {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    deleteExternalBuckets();
    drivers.forEach(LoadDriver::close);
    for (ServerHandle h : servers) {
      h.close();
    }
    if (o.keepWorkDir()) {
      System.err.println("bench: servers' directories (data, logs) kept in " + work);
    } else {
      deleteTree(work);
    }
  }

  private void startServers(Path work) throws Exception {
    int maxConcurrency = o.cases().stream().mapToInt(BenchCase::concurrency).max().orElse(1);
    String bucket = "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
        + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    Payloads payloads = new Payloads();
    if (o.startsStowage()) {
      progress.message("starting Stowage (" + o.stowageJar() + ")...");
      servers.add(Servers.stowage(o, Files.createDirectories(work.resolve("stowage"))));
    } else {
      servers.add(new ServerHandle("stowage", o.endpoint(), o.accessKey(), o.secretKey(), true, null));
    }
    for (String name : o.compare()) {
      progress.message("starting " + name + "...");
      Path dir = Files.createDirectories(work.resolve(name));
      ServerHandle h = name.equals("s3proxy") ? Servers.s3proxy(o, dir) : Servers.nginx(o, dir);
      if (h != null) {
        servers.add(h);
      }
    }
    for (ServerHandle h : servers) {
      ObjectStore store;
      if (h.s3()) {
        S3Store s3 = S3Store.withNewBucket(h.name(),
            S3Store.client(h.endpoint(), o.region(), h.accessKey(), h.secretKey(), maxConcurrency + 4), bucket);
        if (h.process() == null) {
          externalBuckets.add(s3);
        }
        store = s3;
      } else {
        store = new HttpStore(h.name(), h.endpoint() + "/" + bucket, maxConcurrency + 4);
      }
      drivers.add(new StoreDriver(store, o, payloads, cpuOf(h)));
    }
    ServerHandle stowage = servers.get(0);
    if (stowage.s3() && servers.stream().anyMatch(h -> h.name().equals("nginx"))) { // started, not only asked for
      // right after Stowage's own driver, so that each GET case reads Stowage twice before nginx
      drivers.add(1, new StoreDriver(new PresignedHttpStore(stowage, o.region(), bucket, maxConcurrency + 4), o,
          payloads, cpuOf(stowage)));
    }
    progress.clear();
    out.printf(Locale.ROOT, "stowage bench: %d case(s), warm-up %.1f s, measure %.1f s; servers: %s; bucket %s%n",
        o.cases().size(), o.warmup().toMillis() / 1000.0, o.duration().toMillis() / 1000.0,
        String.join(", ", servers.stream().map(s -> s.name() + " " + s.endpoint()).toList()), bucket);
  }

  private LongSupplier cpuOf(ServerHandle h) {
    ManagedProcess process = h.process();
    return process != null ? process::cpuNanos
        : h.name().equals("stowage") ? () -> CpuUse.processesNanos(o.serverPids()) : () -> -1;
  }

  private List<CaseResult> runCases() throws Exception {
    LoadRunner runner = new LoadRunner(progress);
    warmUpClient(runner);
    List<CaseResult> results = new ArrayList<>();
    for (BenchCase c : o.cases()) {
      List<CaseResult> row = runCase(runner, c);
      if (!row.isEmpty() && row.get(0).server().equals("stowage")) {
        CaseResult overHttp = find(row, PresignedHttpStore.NAME, c);
        for (CaseResult other : row.subList(1, row.size())) {
          if (other != overHttp) {
            out.println(Format.ratioLine(row.get(0), other));
          }
          if (overHttp != null && other.server().equals("nginx")) {
            out.println(Format.ratioLine(overHttp, other));
          }
        }
      }
      out.flush();
      results.addAll(row);
    }
    report(results);
    return results;
  }

  /**
   * One case on every server that runs it. Each first deletes what earlier large PUTs wrote and
   * uploads what the case reads. Then come the rounds, in which the servers take turns: a server's
   * first round follows the full warm-up, its later ones --round-warmup, and each starts with the
   * page cache written back ({@link DirtyPages}). Taking turns spreads each server's measurement
   * over the same stretches of time, so a slow spell of the machine (this kind of VM has them, tens
   * of seconds long) does not fall on one server only. A server's result is its median round; every
   * round is printed too.
   */
  private List<CaseResult> runCase(LoadRunner runner, BenchCase c) throws InterruptedException {
    List<LoadDriver> ready = new ArrayList<>();
    for (LoadDriver d : drivers) {
      if (!d.supports(c.op())) {
        if (!d.server().equals(PresignedHttpStore.NAME)) { // a second reader of Stowage, for GETs only
          out.printf("%-12s %-22s skipped (no %s over plain HTTP)%n", d.server(), c.label(), c.op().label());
        }
        continue;
      }
      try {
        deleteEarlierWrites(d, c);
        progress.message("[" + d.server() + "] " + c.label() + "  uploading the objects it needs...");
        d.prepare(c);
        ready.add(d);
      } catch (Exception e) {
        progress.clear();
        out.printf("%-12s %-22s not run: preparing failed: %s%n", d.server(), c.label(), LoadRunner.describe(e));
      }
    }
    boolean cleanUp = deletesWhatItWrote(c, o.cases());
    int rounds = roundsOf(c, o.rounds());
    Map<LoadDriver, List<CaseResult>> measured = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (LoadDriver d : ready) {
        if (round > 1 && cleanUp) {
          d.endCase(true); // its earlier rounds' large objects go now: disk use stays near one round's
          deleteEarlierWrites(d, c);
        }
        progress.message("[" + d.server() + "] " + c.label() + "  writing the page cache back (sync)...");
        dirtyPages.flush(err::println);
        progress.clear();
        CaseResult r = runner.run(d, c, round == 1 ? o.warmup() : o.roundWarmup(), o.duration());
        measured.computeIfAbsent(d, k -> new ArrayList<>()).add(r);
        if (rounds > 1) {
          out.println(Format.result(r) + "  (round " + round + "/" + rounds + ")");
        }
      }
    }
    List<CaseResult> row = new ArrayList<>();
    for (LoadDriver d : ready) {
      CaseResult median = CaseResult.medianRound(measured.get(d));
      out.println(Format.result(median) + (rounds > 1 ? "  (median of " + rounds + " rounds)" : ""));
      row.add(median);
      d.endCase(cleanUp);
    }
    return row;
  }

  /** A delete case runs once: it uses up the objects it deletes. */
  static int roundsOf(BenchCase c, int rounds) {
    return c.op() == Operation.DELETE ? 1 : rounds;
  }

  /**
   * Before a case that writes large objects, deletes what the earlier such cases wrote on that
   * server, so that a run's disk use stays near two cases' (without it the default cases write about
   * 50 GB, most of it nginx's, and fill a small disk past Stowage's reserved space, where uploads
   * get 503). Done then rather than right after a case, so that no read case follows a mass delete.
   * A failure is reported, not fatal.
   */
  private void deleteEarlierWrites(LoadDriver d, BenchCase c) {
    if (!deletesWhatItWrote(c, o.cases())) {
      return;
    }
    try {
      progress.message("[" + d.server() + "] " + c.label() + "  deleting what the earlier large PUTs wrote...");
      d.deleteEarlierWrites();
    } catch (Exception e) {
      out.printf("%-12s %-22s could not delete what earlier cases wrote: %s%n", d.server(), c.label(), LoadRunner.describe(e));
    } finally {
      progress.clear();
    }
  }

  /** A case that writes objects of at least {@link #CLEANUP_MIN_SIZE} that no delete case of their size needs. */
  static boolean deletesWhatItWrote(BenchCase c, List<BenchCase> all) {
    boolean writes = c.op() == Operation.PUT || c.op() == Operation.MIXED || c.op() == Operation.MULTIPART;
    return writes && c.size() >= CLEANUP_MIN_SIZE
        && all.stream().noneMatch(x -> x.op() == Operation.DELETE && x.size() == c.size());
  }

  /**
   * Stowage always runs a case first, with the load generator's code the least JIT-compiled; small
   * mixed requests against every server beforehand even that out. Its objects become GET fill objects.
   */
  private void warmUpClient(LoadRunner runner) throws Exception {
    if (o.clientWarmup().isZero()) {
      return;
    }
    BenchCase mixed = new BenchCase(Operation.MIXED, 4 * Sizes.KIB, 4);
    for (LoadDriver d : drivers) {
      BenchCase c = d.supports(mixed.op()) ? mixed : new BenchCase(Operation.GET, mixed.size(), mixed.concurrency());
      progress.message("[" + d.server() + "] client warm-up: uploading the objects it needs...");
      d.prepare(c);
      runner.run(d, c, o.clientWarmup(), Duration.ofMillis(1));
      d.endCase(false); // its PUTs stay, like any small case's
    }
  }

  private void report(List<CaseResult> results) throws IOException {
    out.println();
    out.println("Summary");
    out.print(Format.summary(results));
    List<TargetSpec> relevant = o.targets().stream().filter(t -> o.cases().contains(t.benchCase())).toList();
    if (!relevant.isEmpty()) {
      out.println();
      out.println("Targets");
      for (TargetSpec t : relevant) {
        Verdict v = Verdict.judge(t, measuredAgainst(results, t), find(results, t.against(), t.benchCase()));
        verdicts.add(v);
        out.println("  " + v.line());
      }
    }
    if (o.csv() != null) {
      ResultsCsv.write(o.csv(), results);
      out.println("CSV written to " + o.csv());
    }
    if (o.plot() != null) {
      ThroughputPlot.write(o.plot(), results);
      out.println("plot written to " + o.plot());
    }
    out.flush();
  }

  /**
   * Stowage's result that a target compares: against nginx, read by the same plain HTTP client as
   * nginx when that ran (see {@link PresignedHttpStore}), else through the SDK.
   */
  static CaseResult measuredAgainst(List<CaseResult> results, TargetSpec t) {
    CaseResult overHttp = t.against().equals("nginx") ? find(results, PresignedHttpStore.NAME, t.benchCase()) : null;
    return overHttp != null ? overHttp : find(results, "stowage", t.benchCase());
  }

  static CaseResult find(List<CaseResult> results, String server, BenchCase c) {
    return results.stream().filter(r -> r.server().equals(server) && r.benchCase().equals(c)).findFirst().orElse(null);
  }

  /** A server the bench did not start keeps nothing of the run (it still needs the clients, so this goes first). */
  private void deleteExternalBuckets() {
    for (S3Store s : externalBuckets) {
      try {
        progress.message("deleting the bench bucket and its objects...");
        s.deleteBucket();
        progress.clear();
      } catch (RuntimeException e) {
        progress.clear();
        System.err.println("bench: could not delete the bench bucket: " + LoadRunner.describe(e));
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not remove " + root + ": " + e.getMessage());
    }
  }
}
