package io.stowage.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP ceiling: the generated nginx configuration stores PUT bodies, serves them back and deletes them. */
class NginxIT {

  @Test
  void putGetAndDeleteOverPlainHttpHaveOpsAndNoErrors(@TempDir Path dir) throws Exception {
    BenchOptions o = BenchOptions.parse(new String[] {"--fill-objects", "4"});
    assumeTrue(Files.isExecutable(o.nginxBinary()), "no " + o.nginxBinary() + " (apt-get install nginx)");
    LoadRunner runner = new LoadRunner(new Progress(new PrintStream(new ByteArrayOutputStream()), false));
    try (ServerHandle nginx = Servers.nginx(o, dir);
         StoreDriver driver = new StoreDriver(new HttpStore("nginx", nginx.endpoint() + "/b", 4), o, new Payloads())) {
      for (Operation op : new Operation[] {Operation.PUT, Operation.GET, Operation.DELETE}) {
        BenchCase c = new BenchCase(op, 4096, 2);
        driver.prepare(c);
        CaseResult r = runner.run(driver, c, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertTrue(r.ops() > 0, Format.result(r));
        assertEquals(0, r.errors(), Format.result(r));
      }
      try (var stored = Files.list(dir.resolve("www/b/obj/4KiB"))) {
        assertTrue(stored.allMatch(f -> f.toFile().length() == 4096), "PUT stored the whole body");
      }
    }
  }
}
