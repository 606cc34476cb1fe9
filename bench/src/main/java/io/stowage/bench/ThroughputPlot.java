package io.stowage.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * A PNG chart of MiB/s (log scale) versus object size (log scale), one line per server and operation;
 * where a size ran at several concurrencies the best one is drawn. Plain java.awt, headless.
 */
final class ThroughputPlot {
  private static final int W = 1000;
  private static final int H = 640;
  private static final int LEFT = 90;
  private static final int RIGHT = 220;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final List<Operation> PLOTTED = List.of(Operation.PUT, Operation.GET, Operation.MIXED,
      Operation.MULTIPART);
  private static final Map<String, Color> SERVER_COLORS = Map.of(
      "stowage", new Color(0x1f77b4), "s3proxy", new Color(0xff7f0e), "nginx", new Color(0x2ca02c));
  private static final Color OTHER = new Color(0x9467bd);

  private ThroughputPlot() {}

  /** One drawn line: its points, size to MiB/s. */
  record Series(String server, Operation op, TreeMap<Long, Double> points) {
    String label() {
      return server + " " + op.label();
    }
  }

  static List<Series> series(List<CaseResult> results) {
    Map<String, Series> byKey = new java.util.LinkedHashMap<>();
    for (CaseResult r : results) {
      Operation op = r.benchCase().op();
      if (!PLOTTED.contains(op) || r.mibPerSecond() <= 0) {
        continue;
      }
      Series s = byKey.computeIfAbsent(r.server() + "/" + op, k -> new Series(r.server(), op, new TreeMap<>()));
      s.points().merge(r.benchCase().size(), r.mibPerSecond(), Math::max);
    }
    return new ArrayList<>(byKey.values());
  }

  static void write(Path file, List<CaseResult> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = render(series(results));
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    ImageIO.write(img, "png", file.toFile());
  }

  static BufferedImage render(List<Series> series) {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    centered(g, "S3 throughput versus object size (best concurrency per size)", LEFT + (W - LEFT - RIGHT) / 2, 30);

    Set<Long> sizes = new TreeSet<>();
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Series s : series) {
      sizes.addAll(s.points().keySet());
      for (double v : s.points().values()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    Axes axes = sizes.isEmpty() ? new Axes(1, 2, 0, 1) : new Axes(
        Math.log(((TreeSet<Long>) sizes).first()), Math.log(((TreeSet<Long>) sizes).last()),
        Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi)));
    drawAxes(g, axes, sizes);
    int i = 0;
    for (Series s : series) {
      drawSeries(g, axes, s);
      drawLegendEntry(g, s, i++);
    }
    if (series.isEmpty()) {
      g.setColor(Color.GRAY);
      centered(g, "no throughput results to plot", LEFT + (W - LEFT - RIGHT) / 2, H / 2);
    }
    g.dispose();
    return img;
  }

  /** Log-scale axes: x is ln(size), y is log10(MiB/s). */
  private record Axes(double xMin, double xMax, double yMinDecade, double yMaxDecade) {
    int x(long size) {
      double span = xMax - xMin;
      double f = span <= 0 ? 0.5 : (Math.log(size) - xMin) / span;
      return LEFT + 30 + (int) Math.round(f * (W - LEFT - RIGHT - 60));
    }

    int y(double mib) {
      double top = yMaxDecade == yMinDecade ? yMaxDecade + 1 : yMaxDecade;
      double f = (Math.log10(mib) - yMinDecade) / (top - yMinDecade);
      return H - BOTTOM - (int) Math.round(f * (H - TOP - BOTTOM));
    }

    double yTop() {
      return yMaxDecade == yMinDecade ? yMaxDecade + 1 : yMaxDecade;
    }
  }

  private static void drawAxes(Graphics2D g, Axes a, Set<Long> sizes) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int plotRight = W - RIGHT;
    Stroke grid = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {3f, 3f}, 0f);
    for (int d = (int) a.yMinDecade(); d <= (int) a.yTop(); d++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, d);
        if (Math.log10(v) > a.yTop() + 1e-9) {
          continue;
        }
        int y = a.y(v);
        g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
        g.setStroke(grid);
        g.drawLine(LEFT, y, plotRight, y);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        String label = v >= 1 ? String.format("%,.0f", v) : String.format("%.2g", v);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      }
    }
    for (long size : sizes) {
      int x = a.x(size);
      g.setColor(new Color(0xeeeeee));
      g.setStroke(grid);
      g.drawLine(x, TOP, x, H - BOTTOM);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(x, H - BOTTOM, x, H - BOTTOM + 5);
      centered(g, Sizes.format(size), x, H - BOTTOM + 20);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    g.drawRect(LEFT, TOP, plotRight - LEFT, H - TOP - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    centered(g, "object size (log scale)", LEFT + (plotRight - LEFT) / 2, H - 20);
    Graphics2D r = (Graphics2D) g.create();
    r.rotate(-Math.PI / 2);
    centered(r, "throughput, MiB/s (log scale)", -(TOP + (H - TOP - BOTTOM) / 2), 25);
    r.dispose();
  }

  private static void drawSeries(Graphics2D g, Axes a, Series s) {
    g.setColor(SERVER_COLORS.getOrDefault(s.server(), OTHER));
    g.setStroke(stroke(s.op()));
    int px = -1;
    int py = -1;
    for (Map.Entry<Long, Double> p : s.points().entrySet()) {
      int x = a.x(p.getKey());
      int y = a.y(p.getValue());
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
    g.setStroke(new BasicStroke(1.5f));
    for (Map.Entry<Long, Double> p : s.points().entrySet()) {
      marker(g, s.op(), a.x(p.getKey()), a.y(p.getValue()));
    }
  }

  private static void drawLegendEntry(Graphics2D g, Series s, int index) {
    int x = W - RIGHT + 20;
    int y = TOP + 10 + index * 22;
    g.setColor(SERVER_COLORS.getOrDefault(s.server(), OTHER));
    g.setStroke(stroke(s.op()));
    g.drawLine(x, y, x + 40, y);
    g.setStroke(new BasicStroke(1.5f));
    marker(g, s.op(), x + 20, y);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(s.label(), x + 50, y + 5);
  }

  private static Stroke stroke(Operation op) {
    float[] dash = switch (op) {
      case GET -> new float[] {10f, 6f};
      case MIXED -> new float[] {2f, 4f};
      case MULTIPART -> new float[] {12f, 4f, 2f, 4f};
      default -> null;
    };
    return new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, dash, 0f);
  }

  private static void marker(Graphics2D g, Operation op, int x, int y) {
    if (op == Operation.GET) {
      g.fillRect(x - 4, y - 4, 9, 9);
    } else {
      g.fillOval(x - 4, y - 4, 9, 9);
    }
  }

  private static void centered(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
  }
}
