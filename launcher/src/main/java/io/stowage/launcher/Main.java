package io.stowage.launcher;

import io.stowage.common.config.CommandLine;

import io.stowage.common.config.ConfigException;
import java.nio.file.Path;

/** Entry point: picks the role from the first argument. */
public final class Main {
  private Main() {}

  private static final String USAGE = """
      usage: stowage <command> [options]
        server [--data DIR] [--s3-port 9000] [--admin-port 9001] [--tracker-port 22122] [--storage-port 23000]
                                   all roles in one JVM (one tracker, one storage server in group1)
        tracker --config FILE      the tracker role alone
        storage --config FILE      the storage role alone
        gateway --config FILE      the S3 gateway alone (registers access_key/secret_key, if set, as a root credential)
        admin --config FILE        the admin UI and API alone
        admin <cluster|buckets|objects|keys> ... [--endpoint http://127.0.0.1:9001] --access-key AK --secret-key SK
                                   the admin API from the command line (every UI action); 'admin help' lists them
        cluster-state --trackers H:P,... --secret-file FILE [--await-active N] [--timeout SECONDS]
                                   prints the trackers' cluster view (JSON); optionally waits for N ACTIVE storage servers
        bench-core [--tracker HOST:PORT] [--sizes 4K,1M,16M] [--concurrency 1,16] [--seconds 10] [--warmup-seconds 3]
                   [--replicas 1|2] [--ops upload,download,delete]
                                   FastDFS-protocol benchmark: upload, download, delete (embedded: --replicas storage
                                   servers in group1, synchronously replicated)
      """;

  public static void main(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
      System.out.print(USAGE);
      System.exit(argv.length == 0 ? 2 : 0);
    }
    if (argv[0].equals("admin") && !(argv.length > 1 && argv[1].startsWith("--config"))) {
      System.exit(io.stowage.admin.cli.AdminCli.run(java.util.Arrays.copyOfRange(argv, 1, argv.length), System.out));
    }
    try {
      CommandLine args = new CommandLine(argv, 1);
      if (args.has("help")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      switch (argv[0]) {
        case "server" -> AllInOne.run(args);
        case "tracker" -> Roles.tracker(configOnly(args));
        case "storage" -> Roles.storage(configOnly(args));
        case "gateway" -> Roles.gateway(configOnly(args));
        case "admin" -> Roles.admin(configOnly(args));
        case "cluster-state" -> System.exit(Roles.clusterState(args));
        case "bench-core" -> CoreBench.run(args);
        default -> {
          System.err.print(USAGE);
          System.exit(2);
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("stowage: " + e.getMessage());
      System.exit(2);
    } catch (java.io.IOException | RuntimeException e) {
      // a role that failed to start must not linger on its non-daemon event-loop threads
      System.err.println("stowage: " + argv[0] + " failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** A role's {@code --config FILE}, its only option. */
  private static Path configOnly(CommandLine args) {
    Path config = Path.of(required(args, "config"));
    args.rejectUnknown();
    return config;
  }

  private static String required(CommandLine args, String name) {
    if (!args.has(name)) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return args.string(name, null);
  }
}
