package io.stowage.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.fileid.FileId;
import io.stowage.storage.StorageConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FileStore#localPath}: the path a short-circuit reader in this JVM may open, or nothing. */
class FileStoreLocalPathTest {
  private static final String NAME = "AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111";

  @TempDir
  Path dir;

  private FileStore store() throws Exception {
    FileStore s = new FileStore(StorageConfig.of(Map.of("base_path", dir.toString(), "server_id", "100001",
        "cluster_secret", "x", "tracker_server", "127.0.0.1:1", "reserved_storage_space", "0",
        "subdir_count_per_path", "16")));
    s.initBlocking();
    return s;
  }

  @Test
  void aFileOfThisGroupMapsToItsDataFile() throws Exception {
    FileStore s = store();
    FileId id = FileId.parseRemote("group1", "M00/0F/0E/" + NAME);
    assertEquals(Optional.of(s.resolve(id)), s.localPath(id));
    assertEquals(dir.resolve("data/0F/0E/" + NAME), s.localPath(id).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"group2|M00/00/00/" + NAME, "group1|M01/00/00/" + NAME, "group1|M00/10/00/" + NAME,
      "group1|M00/00/10/" + NAME, "group1|M00/00/00/" + NAME + "-m"})
  void otherGroupsUnknownStorePathsSubdirsBeyondTheCountAndMetadataFilesGiveNothing(String spec)
      throws Exception {
    FileStore s = store();
    String[] p = spec.split("\\|");
    FileId id;
    try {
      id = FileId.parseRemote(p[0], p[1]);
    } catch (RuntimeException e) {
      return; // refused before it could reach the store
    }
    assertTrue(s.localPath(id).isEmpty(), spec);
  }
}
