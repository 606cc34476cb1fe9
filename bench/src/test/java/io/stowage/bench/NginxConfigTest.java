package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxConfigTest {

  @Test
  void everyPathIsInTheBenchDirectoryAndPutStoresTheBody(@TempDir Path dir) throws Exception {
    String conf = Files.readString(NginxConfig.write(dir, 41234, "alice"));
    for (String directive : new String[] {"daemon off;", "worker_processes 2;", "pid " + dir + "/nginx.pid;",
        "error_log " + dir + "/error.log", "client_body_temp_path " + dir + "/temp/body;", "sendfile on;",
        "listen 127.0.0.1:41234;", "root " + dir + "/www;", "dav_methods PUT DELETE;", "create_full_put_path on;",
        "client_max_body_size 0;"}) {
      assertTrue(conf.contains(directive), directive + " missing from\n" + conf);
    }
    assertFalse(conf.contains("user "), "no user switch when not root");
    assertTrue(Files.isDirectory(dir.resolve("www")));
  }

  @Test
  void asRootTheWorkersStayRootToWriteIntoTheBenchDirectory(@TempDir Path dir) throws Exception {
    assertTrue(Files.readString(NginxConfig.write(dir, 41234, "root")).startsWith("user root;"));
  }

  @Test
  void aMissingNginxIsSkippedWithTheInstallCommand(@TempDir Path dir) throws Exception {
    BenchOptions o = BenchOptions.parse(new String[] {"--nginx", dir.resolve("no-nginx").toString()});
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertNull(Servers.nginx(o, dir));
    } finally {
      System.setErr(saved);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("apt-get install nginx"));
  }
}
