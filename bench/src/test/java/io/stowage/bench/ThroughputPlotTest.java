package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputPlotTest {

  private static CaseResult r(String server, Operation op, long size, int conc, double mibPerSecond) {
    long bytes = (long) (mibPerSecond * Sizes.MIB * 10);
    return new CaseResult(server, new BenchCase(op, size, conc), bytes / Math.max(1, size), bytes, 0, 10, 1, 2, 3, null);
  }

  private static List<CaseResult> sample() {
    List<CaseResult> out = new ArrayList<>();
    for (String server : List.of("stowage", "s3proxy", "nginx")) {
      double f = server.equals("nginx") ? 4 : server.equals("stowage") ? 2 : 1;
      out.add(r(server, Operation.PUT, 4096, 16, 7 * f));
      out.add(r(server, Operation.GET, 4096, 16, 20 * f));
      out.add(r(server, Operation.PUT, Sizes.MIB, 8, 150 * f));
      out.add(r(server, Operation.GET, Sizes.MIB, 8, 400 * f));
      out.add(r(server, Operation.GET, 64 * Sizes.MIB, 1, 500 * f));
      out.add(r(server, Operation.GET, 64 * Sizes.MIB, 4, 900 * f));
    }
    out.add(r("stowage", Operation.DELETE, 4096, 16, 0));
    return out;
  }

  @Test
  void oneSeriesPerServerAndByteMovingOperationWithTheBestConcurrencyPerSize() {
    List<ThroughputPlot.Series> series = ThroughputPlot.series(sample());
    assertEquals(6, series.size());
    ThroughputPlot.Series stowageGet = series.stream()
        .filter(s -> s.server().equals("stowage") && s.op() == Operation.GET).findFirst().orElseThrow();
    assertEquals(List.of(4096L, Sizes.MIB, 64 * Sizes.MIB), new ArrayList<>(stowageGet.points().keySet()));
    assertEquals(1800, stowageGet.points().get(64 * Sizes.MIB), 1.0);
  }

  @Test
  void writesANonEmptyPngWithTheSeriesDrawnInColour(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("plots/bench.png");
    ThroughputPlot.write(png, sample());
    assertTrue(Files.size(png) > 5_000, "size " + Files.size(png));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1000, img.getWidth());
    long coloured = 0;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        int r = rgb >> 16;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
          coloured++;
        }
      }
    }
    assertNotEquals(0, coloured, "no series lines were drawn");
    // kept for a person to look at
    Files.copy(png, Path.of("target/plot-sample.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void noResultsStillMakeAPicture(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("empty.png");
    ThroughputPlot.write(png, List.of());
    assertTrue(Files.size(png) > 0);
  }
}
