package io.stowage.launcher;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options, with typed getters that name the bad option. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] argv, int from) {
    for (int i = from; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        value = argv[++i];
      } else {
        value = "true";
      }
      values.put(name, value);
    }
  }

  String string(String name, String def) {
    return values.getOrDefault(name, def);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  int port(String name, int def) {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("--" + name + " " + v + " is outside 0..65535");
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + v + "' is not a port");
    }
  }

  int integer(String name, int def, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException("--" + name + " " + v + " is outside " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + v + "' is not a number");
    }
  }
}
