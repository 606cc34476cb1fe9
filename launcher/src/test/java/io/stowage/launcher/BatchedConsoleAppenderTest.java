package io.stowage.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BatchedConsoleAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  private BatchedConsoleAppender appender(int queueSize, long flushMillis) {
    context.setMDCAdapter(new LogbackMDCAdapter()); // as SLF4J's binding gives the real context
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BatchedConsoleAppender a = new BatchedConsoleAppender();
    a.setContext(context);
    a.setName("test");
    a.setEncoder(encoder);
    a.setQueueSize(queueSize);
    a.setFlushMillis(flushMillis);
    a.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
    a.start();
    Logger logger = context.getLogger("access");
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(a);
    return a;
  }

  private List<String> lines() {
    return written.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void everyLineIsWrittenInOrderWithinTheFlushIntervalAndWhatIsQueuedAtStop() {
    BatchedConsoleAppender a = appender(10_000, 50);
    Logger logger = context.getLogger("access");
    for (int i = 0; i < 5_000; i++) {
      logger.info("line {}", i);
    }
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines().size() == 5_000);
    for (int i = 0; i < 5_000; i++) {
      assertEquals("line " + i, lines().get(i));
    }
    logger.info("last");
    a.stop();
    assertEquals("last", lines().get(5_000), "stop writes what is still queued");
  }

  @Test
  void aFullQueueDropsLinesAndSaysHowMany() {
    BatchedConsoleAppender a = appender(10, 60_000); // nothing is written until stop
    Logger logger = context.getLogger("access");
    for (int i = 0; i < 25; i++) {
      logger.info("line {}", i);
    }
    a.stop();
    List<String> out = lines();
    assertEquals(11, out.size(), String.join("\n", out));
    assertEquals("line 9", out.get(9), "the first ten were kept");
    assertTrue(out.get(10).startsWith("15 log lines of test dropped"), out.get(10));
  }
}
