package io.stowage.launcher;

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
        bench-core [--tracker HOST:PORT] [--sizes 4K,1M,16M] [--concurrency 1,16] [--seconds 10] [--warmup-seconds 3]
                                   FastDFS-protocol benchmark: upload, download, delete
      """;

  public static void main(String[] argv) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
      System.out.print(USAGE);
      System.exit(argv.length == 0 ? 2 : 0);
    }
    try {
      Args args = new Args(argv, 1);
      switch (argv[0]) {
        case "server" -> AllInOne.run(args);
        case "tracker" -> Roles.tracker(Path.of(required(args, "config")));
        case "storage" -> Roles.storage(Path.of(required(args, "config")));
        case "bench-core" -> CoreBench.run(args);
        default -> {
          System.err.print(USAGE);
          System.exit(2);
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("stowage: " + e.getMessage());
      System.exit(2);
    }
  }

  private static String required(Args args, String name) {
    if (!args.has(name)) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return args.string(name, null);
  }
}
