package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** rclone with an on-the-fly {@code :s3,provider=Other,...:} remote and default settings. */
@ExtendWith(SharedStowage.class)
class RcloneIT {
  private static Stowage stowage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
  }

  private static String remote(String endpoint, String path) {
    // values with ':' must be quoted in a connection string
    return ":s3,provider=Other,endpoint='" + endpoint + "',access_key_id=" + Stowage.ACCESS_KEY
        + ",secret_access_key='" + Stowage.SECRET_KEY + "':" + path;
  }

  @Test
  void mkdirCopyLsfCheckDeleteRmdir() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home);
    Path config = Files.writeString(home.resolve("rclone.conf"), "");
    Tool rclone = Tool.require("rclone", home).env("RCLONE_CONFIG", config.toString());
    Path tree = Tool.sampleTree(tmp.resolve("tree"));
    String bucket = remote(stowage.endpoint(), "rclone-bucket");

    rclone.ok("mkdir", bucket);
    rclone.ok("copy", tree.toString(), remote(stowage.endpoint(), "rclone-bucket/tree"));
    String lsf = rclone.ok("lsf", "-R", "--files-only", remote(stowage.endpoint(), "rclone-bucket/tree"));
    assertEquals(Tool.md5Tree(tree).keySet(), new TreeSet<>(Arrays.asList(lsf.strip().split("\n"))), lsf);

    rclone.ok("check", tree.toString(), remote(stowage.endpoint(), "rclone-bucket/tree"));
    rclone.ok("check", tree.toString(), remote(stowage.secondEndpoint(), "rclone-bucket/tree"));
    Path back = tmp.resolve("back");
    rclone.ok("copy", remote(stowage.secondEndpoint(), "rclone-bucket/tree"), back.toString());
    assertEquals(Tool.md5Tree(tree), Tool.md5Tree(back));

    // server-side copy, then rclone's own MD5 listing agrees with the local file
    rclone.ok("copyto", remote(stowage.endpoint(), "rclone-bucket/tree/img/photo.raw"),
        remote(stowage.endpoint(), "rclone-bucket/tree/img/copy.raw"));
    String sums = rclone.ok("md5sum", remote(stowage.secondEndpoint(), "rclone-bucket/tree/img"));
    assertTrue(sums.contains(Tool.md5(tree.resolve("img/photo.raw")) + "  copy.raw"), sums);

    rclone.ok("delete", remote(stowage.endpoint(), "rclone-bucket/tree"));
    assertEquals("", rclone.ok("lsf", "-R", remote(stowage.endpoint(), "rclone-bucket")).strip());
    rclone.ok("rmdir", bucket);
    assertFalse(rclone.ok("lsf", remote(stowage.secondEndpoint(), "")).contains("rclone-bucket"));
  }
}
