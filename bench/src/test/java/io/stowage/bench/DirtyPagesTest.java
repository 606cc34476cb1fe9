package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirtyPagesTest {

  @Test
  void aFlushThatRunsSaysSoAndReportsNoProblem() throws Exception {
    List<String> problems = new ArrayList<>();
    assertTrue(new DirtyPages().flush(problems::add), "sync ran: " + problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void aFailingFlushIsReportedOnceAndTheRunGoesOn() throws Exception {
    List<String> problems = new ArrayList<>();
    DirtyPages failing = new DirtyPages(List.of("false"));
    assertFalse(failing.flush(problems::add));
    assertFalse(failing.flush(problems::add));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'false' exited with 1"), problems.get(0));
  }

  @Test
  void aMissingCommandIsNamed() throws Exception {
    List<String> problems = new ArrayList<>();
    assertFalse(new DirtyPages(List.of("no-such-sync-command")).flush(problems::add));
    assertTrue(problems.get(0).contains("cannot run 'no-such-sync-command'"), problems.get(0));
  }
}
