package io.stowage.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FastDFS-style {@code key = value} settings ({@code #} comments), each overridable by the
 * environment variable {@code STOWAGE_<KEY>} (upper case). Typed getters range-check and fail with
 * a {@link ConfigException} naming the key.
 */
public final class KeyValueConfig {
  private final Map<String, String> values;
  private final Map<String, List<String>> repeated;
  private final Map<String, String> env;

  public KeyValueConfig(Map<String, String> values, Map<String, String> env) {
    this(values, Map.of(), env);
  }

  private KeyValueConfig(Map<String, String> values, Map<String, List<String>> repeated, Map<String, String> env) {
    this.values = new LinkedHashMap<>(values);
    this.repeated = repeated;
    this.env = env;
  }

  public static KeyValueConfig load(Path file, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    if (file != null) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
      }
      int n = 0;
      for (String line : lines) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(file + ":" + n, "expected key = value");
        }
        String key = t.substring(0, eq).strip();
        String value = t.substring(eq + 1).strip();
        values.put(key, value);
        repeated.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return new KeyValueConfig(values, repeated, env);
  }

  public static String envName(String key) {
    return "STOWAGE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String raw(String key) {
    String e = env.get(envName(key));
    return e != null ? e.strip() : values.get(key);
  }

  public String string(String key, String def) {
    String v = raw(key);
    return v == null || v.isEmpty() ? def : v;
  }

  public String required(String key) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      throw new ConfigException(key, "is required");
    }
    return v;
  }

  public int integer(String key, int def, int min, int max) {
    long v = longValue(key, def, min, max);
    return (int) v;
  }

  public long longValue(String key, long def, long min, long max) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return def;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' is not a number");
    }
    if (n < min || n > max) {
      throw new ConfigException(key, n + " is outside " + min + ".." + max);
    }
    return n;
  }

  public boolean bool(String key, boolean def) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return def;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new ConfigException(key, "'" + v + "' is not a boolean");
    };
  }

  /** Seconds, with an optional s/m/h suffix. */
  public long seconds(String key, long def, long min, long max) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return def;
    }
    long mul = 1;
    String num = v;
    char last = Character.toLowerCase(v.charAt(v.length() - 1));
    if (last == 's' || last == 'm' || last == 'h') {
      mul = last == 's' ? 1 : last == 'm' ? 60 : 3600;
      num = v.substring(0, v.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(num.strip()) * mul;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' is not a duration");
    }
    if (n < min || n > max) {
      throw new ConfigException(key, n + "s is outside " + min + ".." + max);
    }
    return n;
  }

  /** A size in bytes with an optional K/M/G/T suffix (binary). */
  public long size(String key, long def) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return def;
    }
    return parseSize(key, v);
  }

  static long parseSize(String key, String v) {
    String s = v.strip().toUpperCase(Locale.ROOT);
    if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1);
    }
    long mul = 1;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'K' -> mul = 1L << 10;
        case 'M' -> mul = 1L << 20;
        case 'G' -> mul = 1L << 30;
        case 'T' -> mul = 1L << 40;
        default -> mul = 1;
      }
      if (mul > 1) {
        s = s.substring(0, s.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(s.strip());
      if (n < 0) {
        throw new ConfigException(key, "'" + v + "' is negative");
      }
      return Math.multiplyExact(n, mul);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key, "'" + v + "' is not a size");
    }
  }

  /** Reserved space: either a size ("10G") or a percentage ("10%"). */
  public ReservedSpace reserved(String key, String def) {
    String v = string(key, def);
    if (v.endsWith("%")) {
      double pct;
      try {
        pct = Double.parseDouble(v.substring(0, v.length() - 1).strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "'" + v + "' is not a percentage");
      }
      if (pct < 0 || pct >= 100) {
        throw new ConfigException(key, v + " is outside 0%..99%");
      }
      return new ReservedSpace(0, pct);
    }
    return new ReservedSpace(parseSize(key, v), 0);
  }

  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E def) {
    String v = raw(key);
    if (v == null || v.isEmpty()) {
      return def;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "'" + v + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * A list setting: comma-separated values, FastDFS-style repeated lines ({@code tracker_server = a}
   * twice) and numbered keys {@code key0 .. key255} (gaps allowed), in that order. An environment
   * override of the plain key replaces the file's plain and repeated values.
   */
  public List<String> list(String key) {
    List<String> out = new ArrayList<>();
    String e = env.get(envName(key));
    List<String> plain = e != null ? List.of(e) : repeated.getOrDefault(key, values.containsKey(key) ? List.of(values.get(key)) : List.of());
    for (String v : plain) {
      splitInto(v, out);
    }
    for (int i = 0; i < 256; i++) {
      String n = raw(key + i);
      if (n != null) {
        splitInto(n, out);
      }
    }
    return out;
  }

  private static void splitInto(String v, List<String> out) {
    for (String p : v.split(",")) {
      if (!p.isBlank()) {
        out.add(p.strip());
      }
    }
  }

  /** host:port, port in 0..65535. */
  public HostPort hostPort(String key, String def) {
    return HostPort.parse(key, string(key, def));
  }

  public int port(String key, int def) {
    return integer(key, def, 0, 65535);
  }
}
