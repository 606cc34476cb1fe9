package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;

/** s3cmd with default settings (SigV4, 15 MiB multipart chunks), path-style on the gateway's host:port. */
@ExtendWith(SharedStowage.class)
class S3cmdIT {
  private static Stowage stowage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
  }

  private static String[] at(int port, String... args) {
    List<String> all = new ArrayList<>(List.of("--host=127.0.0.1:" + port, "--host-bucket=127.0.0.1:" + port,
        "--no-ssl", "--access_key=" + Stowage.ACCESS_KEY, "--secret_key=" + Stowage.SECRET_KEY));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  @Test
  void mbPutSmallAndMultipartLsGetDelRb() throws Exception {
    Tool s3cmd = Tool.require("s3cmd", tmp.resolve("home"));
    int port = stowage.port();
    Path small = Files.writeString(tmp.resolve("small.txt"), "hello from s3cmd\n");
    Path big = Tool.randomFile(tmp.resolve("big.bin"), 20L << 20, 20);

    s3cmd.ok(at(port, "mb", "s3://s3cmd-bucket"));
    s3cmd.ok(at(port, "put", small.toString(), "s3://s3cmd-bucket/small.txt"));
    s3cmd.ok(at(port, "put", big.toString(), "s3://s3cmd-bucket/dir/big.bin"));
    try (S3Client sdk = JavaSdkIT.v2(stowage.endpoint(), RequestChecksumCalculation.WHEN_REQUIRED)) {
      String etag = sdk.headObject(r -> r.bucket("s3cmd-bucket").key("dir/big.bin")).eTag();
      assertTrue(etag.endsWith("-2\""), "20 MiB goes up in two parts (15 MiB chunks): ETag " + etag);
    }

    String ls = s3cmd.ok(at(port, "ls", "--recursive", "s3://s3cmd-bucket"));
    assertTrue(ls.contains("s3://s3cmd-bucket/small.txt") && ls.contains("s3://s3cmd-bucket/dir/big.bin"), ls);
    assertTrue(s3cmd.ok(at(port, "ls")).contains("s3://s3cmd-bucket"));

    Path gotSmall = tmp.resolve("got-small.txt");
    Path gotBig = tmp.resolve("got-big.bin");
    s3cmd.ok(at(port, "get", "s3://s3cmd-bucket/small.txt", gotSmall.toString()));
    s3cmd.ok(at(port, "get", "s3://s3cmd-bucket/dir/big.bin", gotBig.toString()));
    assertEquals(Tool.md5(small), Tool.md5(gotSmall));
    assertEquals(Tool.md5(big), Tool.md5(gotBig));

    Path viaSecond = tmp.resolve("second.bin");
    s3cmd.ok(at(stowage.secondPort(), "get", "s3://s3cmd-bucket/dir/big.bin", viaSecond.toString()));
    assertEquals(Tool.md5(big), Tool.md5(viaSecond), "the second gateway serves the same bytes");

    s3cmd.ok(at(port, "del", "s3://s3cmd-bucket/small.txt", "s3://s3cmd-bucket/dir/big.bin"));
    assertFalse(s3cmd.ok(at(port, "ls", "--recursive", "s3://s3cmd-bucket")).contains("s3://"));
    s3cmd.ok(at(port, "rb", "s3://s3cmd-bucket"));
    assertFalse(s3cmd.ok(at(stowage.secondPort(), "ls")).contains("s3cmd-bucket"));
  }

  @Test
  void syncUpAndBackRemoteCopyAndSignedUrl() throws Exception {
    Tool s3cmd = Tool.require("s3cmd", tmp.resolve("home"));
    int port = stowage.port();
    Path tree = Tool.sampleTree(tmp.resolve("tree"));
    s3cmd.ok(at(port, "mb", "s3://s3cmd-sync"));
    s3cmd.ok(at(port, "sync", tree + "/", "s3://s3cmd-sync/tree/"));
    String again = s3cmd.ok(at(port, "sync", tree + "/", "s3://s3cmd-sync/tree/"));
    assertFalse(again.contains("upload:"), "a second sync uploads nothing:\n" + again);
    Path back = tmp.resolve("back");
    s3cmd.ok(at(stowage.secondPort(), "sync", "s3://s3cmd-sync/tree/", back + "/"));
    assertEquals(Tool.md5Tree(tree), Tool.md5Tree(back));

    s3cmd.ok(at(port, "cp", "s3://s3cmd-sync/tree/docs/readme.txt", "s3://s3cmd-sync/copied.txt"));
    // signurl makes a SigV2 query-string URL
    String url = s3cmd.ok(at(port, "signurl", "s3://s3cmd-sync/copied.txt", "+300")).strip();
    HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, got.statusCode(), () -> url + " -> " + got.body());
    assertEquals("hello stowage\n", got.body());

    s3cmd.ok(at(port, "del", "--recursive", "--force", "s3://s3cmd-sync"));
    s3cmd.ok(at(port, "rb", "s3://s3cmd-sync"));
  }
}
