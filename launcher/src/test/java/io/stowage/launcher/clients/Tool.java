package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real command-line tool run as a child process: found on PATH (the test is skipped, naming the
 * tool, when it is not installed), with a clean environment whose HOME and config locations are in a
 * temp dir so nothing of this machine's configuration leaks in, with a timeout, and with its stdout
 * and stderr shown when it fails.
 */
final class Tool {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final Path home;
  private final Map<String, String> env = new LinkedHashMap<>();

  private Tool(String name, Path home) {
    this.name = name;
    this.home = home;
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("TMPDIR", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
  }

  /** The tool {@code name}, or a skipped test when it is not on PATH. */
  static Tool require(String name, Path home) {
    Assumptions.assumeTrue(onPath(name).isPresent(), name + " is not installed (not found on PATH)");
    return new Tool(name, home);
  }

  /** A tool by absolute path (not checked). */
  static Tool at(Path executable, Path home) {
    return new Tool(executable.toString(), home);
  }

  static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  Path home() {
    return home;
  }

  Tool env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** The root credential in the AWS_* variables most tools read, config files pointed into HOME. */
  Tool awsCredentials() {
    return env("AWS_ACCESS_KEY_ID", Stowage.ACCESS_KEY).env("AWS_SECRET_ACCESS_KEY", Stowage.SECRET_KEY)
        .env("AWS_DEFAULT_REGION", Stowage.REGION)
        .env("AWS_CONFIG_FILE", home.resolve(".aws/config").toString())
        .env("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString())
        .env("AWS_EC2_METADATA_DISABLED", "true");
  }

  record Result(List<String> command, int code, String out, String err) {
    String describe() {
      return String.join(" ", command) + "\nexit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs {@code name args...}; any exit code. */
  Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(name);
    cmd.addAll(List.of(args));
    try {
      String label = Path.of(name).getFileName().toString();
      Path out = Files.createTempFile(home, label + "-", ".out");
      Path err = Files.createTempFile(home, label + "-", ".err");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        fail("timed out after " + TIMEOUT.toSeconds() + " s: " + new Result(cmd, -1, read(out), read(err)).describe());
      }
      Result r = new Result(cmd, p.exitValue(), read(out), read(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs and asserts exit code 0, showing the command, stdout and stderr otherwise; returns stdout. */
  String ok(String... args) {
    Result r = run(args);
    assertEquals(0, r.code(), () -> name + " failed: " + r.describe());
    return r.out();
  }

  private static String read(Path f) throws IOException {
    return Files.readString(f, StandardCharsets.UTF_8);
  }

  // ---- data helpers shared by the client tests

  /** A file of {@code size} pseudo-random bytes. */
  static Path randomFile(Path f, long size, long seed) {
    try {
      Files.createDirectories(f.getParent());
      Random random = new Random(seed);
      byte[] block = new byte[1 << 20];
      try (var out = Files.newOutputStream(f)) {
        for (long left = size; left > 0; left -= block.length) {
          random.nextBytes(block);
          out.write(block, 0, (int) Math.min(block.length, left));
        }
      }
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String md5(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      MessageDigest md = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String md5(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A small tree: nested directories, an empty file, a name with a space, UTF-8 and '+', a 300 KiB file.
   * The empty file matters: botocore (aws cli, boto3) sends {@code Expect: 100-continue} on it too, and
   * when the server answers such a zero-length PUT with a final response instead of {@code 100 Continue}
   * botocore reuses a stale status line for the next PUT on that pooled connection (boto/botocore#3755)
   * and stalls 60 s before a silent retry; the test still passes, only slower.
   */
  static Path sampleTree(Path root) {
    try {
      Files.createDirectories(root);
      Files.writeString(Files.createDirectories(root.resolve("docs")).resolve("readme.txt"), "hello stowage\n");
      Files.writeString(root.resolve("docs/notes with space.txt"), "a b c\n");
      Files.writeString(Files.createDirectories(root.resolve("docs/deep/er")).resolve("x+y=z.txt"), "plus\n");
      Files.writeString(Files.createDirectories(root.resolve("ünï")).resolve("€uro.txt"), "euro\n");
      Files.write(root.resolve("empty.bin"), new byte[0]);
      randomFile(root.resolve("img/photo.raw"), 300 * 1024, 7);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Relative path (with '/') to MD5 of every regular file under {@code root}. */
  static Map<String, String> md5Tree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      Map<String, String> m = new TreeMap<>();
      walk.filter(Files::isRegularFile)
          .forEach(p -> m.put(root.relativize(p).toString().replace(File.separatorChar, '/'), md5(p)));
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
