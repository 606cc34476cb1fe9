package io.stowage.storage.fs;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What uploads hold in a store path's {@code .tmp}: every file there but the spares still ready. */
public final class TempUploads {
  private TempUploads() {}

  /**
   * The upload temp files now. Lists the directory before taking the ready set, so a spare being
   * made meanwhile can show up here once; {@link #awaitNone} polls past that.
   */
  public static List<Path> of(FileStore store, StorePath sp) throws Exception {
    List<Path> listed;
    try (Stream<Path> s = Files.list(sp.tmpDir())) {
      listed = new ArrayList<>(s.toList());
    }
    listed.removeAll(store.readySpares(sp));
    return listed;
  }

  /** Waits until no upload holds a temp file, failing after 10 s. */
  public static void awaitNone(FileStore store, StorePath sp) {
    await("no upload temp file in " + sp.tmpDir()).atMost(Duration.ofSeconds(10))
        .until(() -> of(store, sp).isEmpty());
  }
}
