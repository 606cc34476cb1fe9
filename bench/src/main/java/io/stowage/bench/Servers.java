package io.stowage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Starts the servers the bench compares, each as a separate process in its own directory under the work dir. */
final class Servers {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private Servers() {}

  /** The all-in-one Stowage server ({@code stowage server}), root key chosen here and passed through its environment. */
  static ServerHandle stowage(BenchOptions o, Path dir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(o.stowageJar())) {
      throw new IOException("no Stowage server jar at " + o.stowageJar() + " (build it: mvn -pl launcher -am package, "
          + "or pass --stowage-jar, or --endpoint for a running server)");
    }
    String ak = "BENCH" + randomHex(8).toUpperCase();
    String sk = randomHex(20);
    int s3Port = Ports.free();
    List<String> cmd = java(o);
    cmd.addAll(List.of("-jar", o.stowageJar().toAbsolutePath().toString(), "server",
        "--data", dir.resolve("data").toString(),
        "--s3-port", String.valueOf(s3Port), "--admin-port", String.valueOf(Ports.free()),
        "--tracker-port", String.valueOf(Ports.free()), "--storage-port", String.valueOf(Ports.free())));
    ManagedProcess p = ManagedProcess.start("stowage", cmd, Map.of("STOWAGE_ACCESS_KEY", ak, "STOWAGE_SECRET_KEY", sk),
        dir, dir.resolve("stowage.log"));
    String endpoint = "http://127.0.0.1:" + s3Port;
    return ready(p, endpoint + "/_stowage/health/ready", s -> s == 200,
        new ServerHandle("stowage", endpoint, ak, sk, true, p));
  }

  /** S3Proxy with its filesystem backend and SigV4 (v2 or v4) authorization. */
  static ServerHandle s3proxy(BenchOptions o, Path dir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(o.s3proxyJar())) {
      throw new IOException("no S3Proxy jar at " + o.s3proxyJar() + " (mvn -pl bench package puts it there, "
          + "or pass --s3proxy-jar)");
    }
    Files.createDirectories(dir.resolve("data"));
    String ak = "S3PROXY" + randomHex(6).toUpperCase();
    String sk = randomHex(20);
    int port = Ports.free();
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.identity=" + ak,
        "s3proxy.credential=" + sk,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dir.resolve("data"),
        ""));
    List<String> cmd = java(o);
    cmd.addAll(List.of("-jar", o.s3proxyJar().toAbsolutePath().toString(), "--properties", props.toString()));
    // logging as shipped, like Stowage's (whose access log line per request stays on)
    ManagedProcess p = ManagedProcess.start("s3proxy", cmd, Map.of(), dir, dir.resolve("s3proxy.log"));
    String endpoint = "http://127.0.0.1:" + port;
    return ready(p, endpoint + "/", s -> s > 0, new ServerHandle("s3proxy", endpoint, ak, sk, true, p));
  }

  /** nginx serving a directory with WebDAV PUT/DELETE; null (after a message) when nginx is not installed. */
  static ServerHandle nginx(BenchOptions o, Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(o.nginxBinary())) {
      System.err.println("bench: no nginx at " + o.nginxBinary() + "; skipping the nginx comparison "
          + "(install it with: apt-get install nginx)");
      return null;
    }
    int port = Ports.free();
    Path conf = NginxConfig.write(dir, port, System.getProperty("user.name"));
    List<String> cmd = List.of(o.nginxBinary().toString(), "-p", dir.toString(), "-c", conf.toString(),
        "-e", dir.resolve("error.log").toString());
    ManagedProcess p = ManagedProcess.start("nginx", cmd, Map.of(), dir, dir.resolve("nginx.out"));
    String endpoint = "http://127.0.0.1:" + port;
    return ready(p, endpoint + "/", s -> s > 0, new ServerHandle("nginx", endpoint, null, null, false, p));
  }

  private static ServerHandle ready(ManagedProcess p, String url, java.util.function.IntPredicate ok, ServerHandle h)
      throws IOException, InterruptedException {
    try {
      p.awaitReady(url, ok, READY_TIMEOUT);
      return h;
    } catch (IOException | InterruptedException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** The bench's own java, with the server JVM options shared by every Java server. */
  private static List<String> java(BenchOptions o) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.stream(o.serverJavaOpts().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
    return cmd;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
