package io.stowage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareFilesTest {
  @TempDir
  Path dir;

  /** Runs refills at once on the caller, counting them. */
  static final class InlineExecutor implements Executor {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public void execute(Runnable r) {
      runs.incrementAndGet();
      r.run();
    }
  }

  long filesIn(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void theFirstTakeFillsThePoolAndLaterTakesGetExistingEmptyFiles() throws Exception {
    InlineExecutor maker = new InlineExecutor();
    SpareFiles spares = new SpareFiles(dir, dir.resolve(".making"), 4, maker);
    assertEquals(0, filesIn(dir), "nothing is made before an upload asks");
    assertNull(spares.take(), "none ready yet: the caller creates its own file");
    assertEquals(4, spares.ready());
    assertEquals(4, filesIn(dir));
    assertEquals(0, filesIn(dir.resolve(".making")), "made elsewhere, then moved in");
    Path p = spares.take();
    assertNotNull(p);
    assertTrue(Files.isRegularFile(p));
    assertEquals(0, Files.size(p));
    assertTrue(SpareFiles.isSpareName(p));
    assertFalse(spares.readyFiles().contains(p), "a taken file is the caller's");
    assertEquals(4, spares.ready(), "topped up again");
    assertEquals(5, filesIn(dir));
  }

  @Test
  void everyTakeTopsThePoolUpAgain() throws Exception {
    InlineExecutor maker = new InlineExecutor();
    SpareFiles spares = new SpareFiles(dir, dir.resolve(".making"), 4, maker);
    spares.refill();
    List<Path> taken = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      taken.add(spares.take());
      assertEquals(1 + i, maker.runs.get());
      assertEquals(4, spares.ready());
    }
    assertEquals(7, filesIn(dir));
    assertEquals(3, taken.stream().distinct().count());
    assertTrue(taken.stream().noneMatch(spares.readyFiles()::contains), "every file is handed out once");
  }

  @Test
  void aFailingCreateGivesNoFileAndDoesNotRetryByItself() throws Exception {
    InlineExecutor maker = new InlineExecutor();
    SpareFiles spares = new SpareFiles(dir.resolve("missing"), dir.resolve(".making"), 4, maker);
    assertNull(spares.take());
    assertEquals(1, maker.runs.get(), "one attempt per take, not a loop");
    assertNull(spares.take());
    assertEquals(2, maker.runs.get());
    assertEquals(0, spares.ready());
  }

  @Test
  void stoppedAndForgottenSparesAreNotHandedOut() throws Exception {
    InlineExecutor maker = new InlineExecutor();
    SpareFiles spares = new SpareFiles(dir, dir.resolve(".making"), 4, maker);
    spares.refill();
    spares.forgetReady();
    assertEquals(0, spares.ready());
    assertTrue(spares.readyFiles().isEmpty());
    spares.stop();
    assertNull(spares.take());
    assertEquals(1, maker.runs.get(), "no refill once stopped");
  }
}
