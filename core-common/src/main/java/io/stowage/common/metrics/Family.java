package io.stowage.common.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A metric family: a name, a help text, fixed label names and one child per distinct list of label
 * values. {@link #labels(String...)} returns (creating on first use) the child for those values.
 */
public abstract sealed class Family<C> permits Counter, Gauge, Histogram {
  final String name;
  final String help;
  final String[] labelNames;
  private final Map<List<String>, C> children = new ConcurrentHashMap<>();
  private final List<List<String>> order = new ArrayList<>();

  Family(String name, String help, String[] labelNames) {
    this.name = name;
    this.help = help;
    this.labelNames = labelNames.clone();
  }

  public String name() {
    return name;
  }

  public List<String> labelNames() {
    return List.of(labelNames);
  }

  /** The child for these label values (as many as label names; null is not allowed). */
  public C labels(String... values) {
    if (values.length != labelNames.length) {
      throw new IllegalArgumentException(name + " takes labels " + Arrays.toString(labelNames) + ", got " + values.length + " values");
    }
    List<String> key = List.of(values);
    C c = children.get(key);
    if (c != null) {
      return c;
    }
    synchronized (order) {
      c = children.get(key);
      if (c == null) {
        c = newChild();
        children.put(key, c);
        order.add(key);
      }
      return c;
    }
  }

  /** Forgets the child for these label values (a server or group that went away). */
  public void remove(String... values) {
    List<String> key = List.of(values);
    synchronized (order) {
      if (children.remove(key) != null) {
        order.remove(key);
      }
    }
  }

  abstract C newChild();

  abstract String type();

  abstract void renderChild(StringBuilder sb, List<String> values, C child);

  final void render(StringBuilder sb) {
    sb.append("# HELP ").append(name).append(' ');
    escapeHelp(help, sb);
    sb.append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type()).append('\n');
    List<List<String>> keys;
    synchronized (order) {
      keys = new ArrayList<>(order);
    }
    for (List<String> k : keys) {
      C c = children.get(k);
      if (c != null) {
        renderChild(sb, k, c);
      }
    }
  }

  /** {@code name{a="x",b="y"} value\n}; {@code extraName}/{@code extraValue} add a trailing label (le). */
  final void sample(StringBuilder sb, String suffix, List<String> values, String extraName, String extraValue, double v) {
    sb.append(name).append(suffix);
    if (!values.isEmpty() || extraName != null) {
      sb.append('{');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(labelNames[i]).append("=\"");
        escapeLabel(values.get(i), sb);
        sb.append('"');
      }
      if (extraName != null) {
        if (!values.isEmpty()) {
          sb.append(',');
        }
        sb.append(extraName).append("=\"").append(extraValue).append('"');
      }
      sb.append('}');
    }
    sb.append(' ').append(format(v)).append('\n');
  }

  /** Prometheus number formatting: integers without a fraction, {@code +Inf}, {@code -Inf}, {@code NaN}. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static void escapeLabel(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  static void escapeHelp(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }
}
