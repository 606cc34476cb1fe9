package io.stowage.launcher;

import io.stowage.common.client.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The root access key of an embedded deployment: from {@code STOWAGE_ACCESS_KEY} /
 * {@code STOWAGE_SECRET_KEY} when set, otherwise generated at the first start. Only the access key is
 * remembered on disk (to know the key exists); the secret lives in the trackers' state and is printed
 * once, when it is made.
 */
record RootCredential(Credential credential, boolean fresh) {
  private static final String AK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String SK_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** Returns the credential to register, or null when the generated one is already registered. */
  static RootCredential resolve(Path marker, Map<String, String> env) throws IOException {
    String ak = env.get("STOWAGE_ACCESS_KEY");
    String sk = env.get("STOWAGE_SECRET_KEY");
    if (ak != null && !ak.isBlank() && sk != null && !sk.isBlank()) {
      return new RootCredential(new Credential(ak.strip(), sk.strip(), true, List.of("admin")), false);
    }
    if (Files.exists(marker)) {
      return null;
    }
    SecureRandom rnd = new SecureRandom();
    Credential c = new Credential("STW" + random(rnd, AK_ALPHABET, 17), random(rnd, SK_ALPHABET, 40), true, List.of("admin"));
    return new RootCredential(c, true);
  }

  /** Remembers that the generated key is registered (the access key only, never the secret). */
  void remember(Path marker) throws IOException {
    if (fresh) {
      Files.writeString(marker, credential.accessKey() + "\n", StandardCharsets.UTF_8);
      Secrets.restrict(marker);
    }
  }

  private static String random(SecureRandom rnd, String alphabet, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
