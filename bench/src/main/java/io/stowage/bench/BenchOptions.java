package io.stowage.bench;

import io.stowage.common.config.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Everything {@code stowage bench} was asked to do; {@link #HELP} documents each option. */
record BenchOptions(
    String endpoint, List<Long> serverPids, String accessKey, String secretKey, String region,
    Path stowageJar, Path s3proxyJar, Path nginxBinary, String serverJavaOpts,
    List<String> compare, List<BenchCase> cases, List<TargetSpec> targets,
    Duration warmup, Duration duration, int rounds, Duration roundWarmup, Duration clientWarmup,
    int fillObjects, int deleteObjects, int listObjects, int listPage, long partSize, int mixedGetPercent,
    Path csv, Path plot, Path workDir, boolean keepWorkDir, boolean progress) {

  static final Set<String> COMPARABLE = Set.of("s3proxy", "nginx");
  static final String DEFAULT_SERVER_JAVA_OPTS = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch";

  static final String HELP = """
      usage: stowage bench [options]

      S3 benchmark: runs each case (operation x size x concurrency) for a warm-up, then measures it, and
      prints one line per case and server: ops/s, MiB/s, p50/p99/p999 latency, errors, and the CPU cores
      the server and the bench used while measuring, with what each request cost each of them (us/op:
      on a machine they share, the server's figure compares servers whatever share of it they got).
      With --compare, every case runs against Stowage, then each comparison server, with the same
      warm-up and duration, and a ratio line follows (Stowage's ops/s divided by the other's). A case
      is measured in rounds in which the servers take turns, so that each is measured in the same
      stretches of the machine's time; a server's result is its median round. Before each round the
      bench runs sync, so that no server's window holds another's deferred writes to disk.

      Target (default: a fresh all-in-one Stowage server started from --stowage-jar as a separate
      process in a temporary directory, fsync on, stopped at the end):
        --endpoint URL           benchmark an already running S3 server instead (e.g. http://127.0.0.1:9000);
                                 its results are labelled stowage; its bench bucket is deleted at the end
        --server-pids LIST       with --endpoint: IDs of the server's processes on this machine (e.g. every
                                 JVM of scripts/local-cluster.sh, PID_* in its cluster.env); their CPU,
                                 children included, is reported as the server's
        --access-key AK          its access key (default: $STOWAGE_ACCESS_KEY)
        --secret-key SK          its secret key (default: $STOWAGE_SECRET_KEY)
        --region NAME            signing region (default us-east-1)
        --stowage-jar FILE       the server distribution to start (default launcher/target/stowage.jar)
        --server-java-opts OPTS  JVM options of every server the bench starts, Stowage and S3Proxy alike
                                 (default "%s")

      Comparison:
        --compare LIST           s3proxy, nginx or s3proxy,nginx (default: none)
                                 s3proxy: S3Proxy 2.6.0, filesystem backend in a temp dir, SigV4, same JVM options
                                 nginx:   Debian's nginx with WebDAV PUT/DELETE, driven with plain HTTP by the
                                          same Apache HttpClient the SDK uses: the HTTP ceiling (no auth,
                                          no S3 work, no fsync); runs put, get, delete and mixed only.
                                          Stowage's GET cases then also run as stowage-http: read by
                                          that same client at presigned URLs; the nginx targets judge it
        --s3proxy-jar FILE       (default: s3proxy.jar next to the bench jar)
        --nginx FILE             the nginx binary (default /usr/sbin/nginx)
        --targets LIST           goals to check, OP:SIZE:CONCURRENCY:SERVER>=RATIO,... where RATIO bounds
                                 Stowage's ops/s over SERVER's; a target whose server was not compared
                                 prints NOT RUN. Default, the issue's targets:
      %s

      Cases (without --ops/--sizes/--concurrency: exactly the cases the targets name):
        --ops LIST               put,get,mixed,list,delete,multipart (default put,get)
        --sizes LIST             object sizes, e.g. 4K,1M,64M (default 4K,1M)
        --concurrency LIST       concurrent clients, e.g. 1,8,16 (default 16)
        --warmup SECONDS         unmeasured run before a server's first round of a case (default 10: JIT
                                 compilation of the servers' request paths takes seconds on 2 cores)
        --client-warmup SECONDS  before the first case, unmeasured 4 KiB mixed GET/PUT against every server, so
                                 that the client's JIT-compiled code is as warm for the first server as for
                                 the ones after it (default 5; 0 skips it)
        --duration SECONDS       measured run of each round (default 3)
        --rounds N               measured rounds per case, the servers taking turns in each; each server's
                                 result line is its median round, with every round's errors (default 3;
                                 a delete case runs one, as it uses up its objects)
        --round-warmup SECONDS   unmeasured run before each round after a server's first (default 1)
        --fill-objects N         objects uploaded per size before get/mixed cases, read round-robin
                                 (default 16; never fewer than 4 x concurrency)
        --delete-objects N       objects uploaded for a delete case when earlier put cases of that size
                                 left fewer than that (default 1000, at most 1 GiB of data); a delete case
                                 has no warm-up and ends early when they run out
        --list-objects N         empty objects under the listed prefix (default 2000)
        --list-page N            keys per ListObjectsV2 page (default 1000)
        --part-size SIZE         multipart part size (default 8M)
        --mixed-get-percent N    share of GETs in mixed (default 70)

      Output:
        --csv FILE               every result as CSV
        --plot FILE.png          MiB/s versus object size, one line per server and operation
        --work-dir DIR           where temporary server directories go (default: the system temp dir)
        --keep-work-dir          leave the servers' directories (data and logs) there at the end
        --no-progress            no progress line on stderr
        --help                   this text
      """.formatted(DEFAULT_SERVER_JAVA_OPTS, wrapTargets());

  /** The default targets, three to a line, indented under --targets. */
  private static String wrapTargets() {
    List<String> t = List.of(TargetSpec.DEFAULTS.split(","));
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < t.size(); i += 3) {
      s.append(i == 0 ? "" : ",\n").append(" ".repeat(27))
          .append(String.join(",", t.subList(i, Math.min(t.size(), i + 3))));
    }
    return s.toString();
  }

  static BenchOptions parse(String[] argv) {
    CommandLine a = new CommandLine(argv, 0);
    String endpoint = a.string("endpoint", null);
    String ak = a.string("access-key", System.getenv("STOWAGE_ACCESS_KEY"));
    String sk = a.string("secret-key", System.getenv("STOWAGE_SECRET_KEY"));
    if (endpoint != null && (ak == null || sk == null)) {
      throw new IllegalArgumentException(
          "--endpoint needs --access-key and --secret-key (or STOWAGE_ACCESS_KEY/STOWAGE_SECRET_KEY)");
    }
    List<Long> serverPids = a.list("server-pids", s -> Long.parseLong(s.strip()), List.of());
    if (!serverPids.isEmpty() && endpoint == null) {
      throw new IllegalArgumentException(
          "--server-pids goes with --endpoint (the bench measures the servers it starts itself)");
    }
    List<String> compare = a.list("compare", String::strip, List.of());
    for (String c : compare) {
      if (!COMPARABLE.contains(c)) {
        throw new IllegalArgumentException("--compare " + c + ": only s3proxy and nginx can be compared");
      }
    }
    List<TargetSpec> targets = TargetSpec.parseList(a.string("targets", TargetSpec.DEFAULTS));
    List<BenchCase> cases;
    if (a.has("ops") || a.has("sizes") || a.has("concurrency")) {
      cases = crossProduct(a.list("ops", Operation::parse, List.of(Operation.PUT, Operation.GET)),
          a.list("sizes", Sizes::parse, List.of(4 * Sizes.KIB, Sizes.MIB)),
          a.list("concurrency", s -> CommandLine.inRange("concurrency", Integer.parseInt(s), 1, 4096), List.of(16)));
    } else {
      Set<BenchCase> fromTargets = new LinkedHashSet<>();
      targets.forEach(t -> fromTargets.add(t.benchCase()));
      cases = List.copyOf(fromTargets);
    }
    String stowageJar = a.string("stowage-jar", System.getProperty("stowage.jar", "launcher/target/stowage.jar"));
    String s3proxyJar = a.string("s3proxy-jar", System.getProperty("s3proxy.jar", defaultS3ProxyJar().toString()));
    boolean noProgress = a.flag("no-progress");
    BenchOptions o = new BenchOptions(endpoint, serverPids, ak, sk, a.string("region", "us-east-1"),
        Path.of(stowageJar), Path.of(s3proxyJar), Path.of(a.string("nginx", "/usr/sbin/nginx")),
        a.string("server-java-opts", DEFAULT_SERVER_JAVA_OPTS),
        compare, cases, targets,
        a.seconds("warmup", Duration.ofSeconds(10)), a.seconds("duration", Duration.ofSeconds(3)),
        a.integer("rounds", 3, 1, 100), a.seconds("round-warmup", Duration.ofSeconds(1)),
        a.seconds("client-warmup", Duration.ofSeconds(5)),
        a.integer("fill-objects", 16, 1, 1_000_000), a.integer("delete-objects", 1000, 1, 10_000_000),
        a.integer("list-objects", 2000, 1, 10_000_000), a.integer("list-page", 1000, 1, 1000),
        partSize(size(a, "part-size", 8 * Sizes.MIB)), a.integer("mixed-get-percent", 70, 0, 100),
        path(a.string("csv", null)), path(a.string("plot", null)),
        Path.of(a.string("work-dir", System.getProperty("java.io.tmpdir"))), a.flag("keep-work-dir"), !noProgress);
    a.flag("help");
    a.rejectUnknown();
    if (o.duration().isZero()) {
      throw new IllegalArgumentException("--duration must be more than 0");
    }
    return o;
  }

  static boolean wantsHelp(String[] argv) {
    for (String s : argv) {
      if (s.equals("--help") || s.equals("-h") || s.equals("help")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the bench starts its own Stowage server. */
  boolean startsStowage() {
    return endpoint == null;
  }

  private static List<BenchCase> crossProduct(List<Operation> ops, List<Long> sizes, List<Integer> concurrencies) {
    List<BenchCase> out = new ArrayList<>();
    for (long size : sizes) {
      for (int conc : concurrencies) {
        for (Operation op : ops) {
          out.add(new BenchCase(op, size, conc));
        }
      }
    }
    return out;
  }

  private static long size(CommandLine a, String name, long def) {
    String v = a.string(name, null);
    return v == null ? def : Sizes.parse(v);
  }

  private static long partSize(long size) {
    if (size < 5 * Sizes.MIB) {
      throw new IllegalArgumentException("--part-size must be at least 5M (the S3 minimum for all parts but the last)");
    }
    return size;
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }

  private static Path defaultS3ProxyJar() {
    try {
      Path self = Path.of(BenchOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return (self.getParent() == null ? Path.of(".") : self.getParent()).resolve("s3proxy.jar");
    } catch (Exception e) {
      return Path.of("bench/target/s3proxy.jar");
    }
  }
}
