package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** restic (minio-go underneath) with an {@code s3:http://...} repository and default settings. */
@ExtendWith(SharedStowage.class)
class ResticIT {
  private static Stowage stowage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
  }

  private Tool restic(String endpoint) {
    Path home = tmp.resolve("home");
    return Tool.require("restic", home).awsCredentials()
        .env("RESTIC_REPOSITORY", "s3:" + endpoint + "/restic-repo")
        .env("RESTIC_PASSWORD", "correct horse battery staple")
        .env("RESTIC_CACHE_DIR", home.resolve("restic-cache").toString());
  }

  @Test
  void initBackupSnapshotsRestoreCheck() {
    Tool restic = restic(stowage.endpoint());
    Path tree = Tool.sampleTree(tmp.resolve("data"));

    restic.ok("init");
    restic.ok("backup", "--host", "it", tree.toString());
    JsonArray snapshots = new JsonArray(restic.ok("snapshots", "--json"));
    assertEquals(1, snapshots.size(), snapshots.encode());

    Path target = tmp.resolve("restored");
    Tool viaSecond = restic(stowage.secondEndpoint());
    viaSecond.ok("restore", "latest", "--target", target.toString());
    // restic restores the absolute path under the target
    Path restored = target.resolve(tree.getRoot().relativize(tree));
    assertEquals(Tool.md5Tree(tree), Tool.md5Tree(restored));

    String check = restic.ok("check", "--read-data");
    assertTrue(check.contains("no errors were found"), check);
  }
}
