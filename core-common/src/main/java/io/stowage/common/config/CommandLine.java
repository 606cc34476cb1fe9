package io.stowage.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Command-line options {@code --name value}, {@code --name=value} and {@code --flag}, with typed
 * getters whose errors name the bad option; shared by the launcher and the benchmark.
 */
public final class CommandLine {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  public CommandLine(String[] argv, int from) {
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

  public boolean has(String name) {
    read.add(name);
    return values.containsKey(name);
  }

  public String string(String name, String def) {
    read.add(name);
    return values.getOrDefault(name, def);
  }

  public boolean flag(String name) {
    String v = string(name, "false");
    return !v.equals("false") && !v.equals("no");
  }

  public int integer(String name, int def, int min, int max) {
    String v = string(name, null);
    if (v == null) {
      return def;
    }
    try {
      return inRange(name, Integer.parseInt(v.strip()), min, max);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + v + "' is not a number");
    }
  }

  public int port(String name, int def) {
    String v = string(name, null);
    if (v == null) {
      return def;
    }
    try {
      return inRange(name, Integer.parseInt(v.strip()), 0, 65535);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + v + "' is not a port");
    }
  }

  /** Seconds, optionally with an {@code s} suffix; fractions allowed ({@code 0.5}). */
  public Duration seconds(String name, Duration def) {
    String v = string(name, null);
    if (v == null) {
      return def;
    }
    try {
      double s = Double.parseDouble(v.strip().replaceFirst("s$", ""));
      if (s < 0 || s > 86_400) {
        throw new IllegalArgumentException("--" + name + " " + v + " is outside 0..86400 seconds");
      }
      return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " '" + v + "' is not a number of seconds");
    }
  }

  /** A comma-separated list, or {@code def} when the option is absent. */
  public <T> List<T> list(String name, Function<String, T> parse, List<T> def) {
    String v = string(name, null);
    if (v == null) {
      return def;
    }
    List<T> out = new ArrayList<>();
    for (String part : v.split(",")) {
      if (!part.isBlank()) {
        out.add(parse.apply(part.strip()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " is empty");
    }
    return out;
  }

  /** Fails on options nobody asked about: a typo must not silently run the defaults. */
  public void rejectUnknown() {
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
      }
    }
  }

  public static int inRange(String name, int n, int min, int max) {
    if (n < min || n > max) {
      throw new IllegalArgumentException("--" + name + " " + n + " is outside " + min + ".." + max);
    }
    return n;
  }
}
