package io.stowage.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The embedded deployment's cluster secret: made once, kept owner-readable only. */
final class Secrets {
  private Secrets() {}

  static String loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    String secret = HexFormat.of().formatHex(raw);
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    restrict(file);
    return secret;
  }

  static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing more we can do
    }
  }
}
