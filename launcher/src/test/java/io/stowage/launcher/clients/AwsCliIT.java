package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The aws cli (v1) with default settings (only endpoint, key and region given) against the gateways. */
@ExtendWith(SharedStowage.class)
class AwsCliIT {
  private static Stowage stowage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
  }

  private Tool aws() {
    return Tool.require("aws", tmp.resolve("home")).awsCredentials();
  }

  private static String[] at(String endpoint, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--endpoint-url";
    all[1] = endpoint;
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }

  @Test
  void cpOf70MiBGoesUpAndDownInPartsByteIdentical() throws Exception {
    Tool aws = aws();
    Path big = Tool.randomFile(tmp.resolve("big.bin"), 70L << 20, 70);
    aws.ok(at(stowage.endpoint(), "s3", "mb", "s3://awscli-cp"));
    aws.ok(at(stowage.endpoint(), "s3", "cp", big.toString(), "s3://awscli-cp/dir/big.bin"));

    JsonObject head = new JsonObject(aws.ok(at(stowage.endpoint(),
        "s3api", "head-object", "--bucket", "awscli-cp", "--key", "dir/big.bin")));
    assertEquals(70L << 20, head.getLong("ContentLength"));
    assertTrue(head.getString("ETag").endsWith("-9\""), "8 MiB parts: a 9-part multipart ETag, got " + head);

    Path down = tmp.resolve("down.bin");
    aws.ok(at(stowage.endpoint(), "s3", "cp", "s3://awscli-cp/dir/big.bin", down.toString()));
    assertEquals(Tool.md5(big), Tool.md5(down));

    Path viaSecond = tmp.resolve("second.bin");
    aws.ok(at(stowage.secondEndpoint(), "s3", "cp", "s3://awscli-cp/dir/big.bin", viaSecond.toString()));
    assertEquals(Tool.md5(big), Tool.md5(viaSecond), "the second gateway serves the same bytes");

    aws.ok(at(stowage.endpoint(), "s3", "rm", "s3://awscli-cp/dir/big.bin"));
    aws.ok(at(stowage.endpoint(), "s3", "rb", "s3://awscli-cp"));
    assertFalse(aws.ok(at(stowage.secondEndpoint(), "s3", "ls")).contains("awscli-cp"));
  }

  @Test
  void syncUpAndBackLsAndRecursiveRm() {
    Tool aws = aws();
    Path tree = Tool.sampleTree(tmp.resolve("tree"));
    aws.ok(at(stowage.endpoint(), "s3", "mb", "s3://awscli-sync"));
    aws.ok(at(stowage.endpoint(), "s3", "sync", tree.toString(), "s3://awscli-sync/backup/"));
    assertEquals("", aws.ok(at(stowage.endpoint(), "s3", "sync", tree.toString(), "s3://awscli-sync/backup/")).strip(),
        "a second sync finds nothing to upload");

    String ls = aws.ok(at(stowage.secondEndpoint(), "s3", "ls", "--recursive", "s3://awscli-sync"));
    for (String key : Tool.md5Tree(tree).keySet()) {
      assertTrue(ls.contains("backup/" + key), "ls --recursive lists backup/" + key + ":\n" + ls);
    }

    Path back = tmp.resolve("back");
    aws.ok(at(stowage.secondEndpoint(), "s3", "sync", "s3://awscli-sync/backup/", back.toString()));
    assertEquals(Tool.md5Tree(tree), Tool.md5Tree(back));

    aws.ok(at(stowage.endpoint(), "s3", "rm", "--recursive", "s3://awscli-sync/backup/"));
    assertEquals("", aws.run(at(stowage.endpoint(), "s3", "ls", "--recursive", "s3://awscli-sync")).out().strip());
    aws.ok(at(stowage.endpoint(), "s3", "rb", "s3://awscli-sync"));
  }

  @Test
  void s3apiObjectCallsAndMultipart() throws Exception {
    Tool aws = aws();
    String e = stowage.endpoint();
    aws.ok(at(e, "s3api", "create-bucket", "--bucket", "awscli-api"));
    Path small = Files.writeString(tmp.resolve("small.txt"), "small object via s3api\n");
    JsonObject put = new JsonObject(aws.ok(at(e, "s3api", "put-object", "--bucket", "awscli-api", "--key", "a/small.txt",
        "--body", small.toString(), "--content-type", "text/plain", "--metadata", "colour=blue")));
    assertEquals('"' + Tool.md5(small) + '"', put.getString("ETag"));

    JsonObject head = new JsonObject(aws.ok(at(e, "s3api", "head-object", "--bucket", "awscli-api", "--key", "a/small.txt")));
    assertEquals(Files.size(small), head.getLong("ContentLength"));
    assertEquals("text/plain", head.getString("ContentType"));
    assertEquals("blue", head.getJsonObject("Metadata").getString("colour"));

    Path got = tmp.resolve("got.txt");
    aws.ok(at(e, "s3api", "get-object", "--bucket", "awscli-api", "--key", "a/small.txt", got.toString()));
    assertEquals(Tool.md5(small), Tool.md5(got));

    for (String k : List.of("a/b/1", "a/b/2", "a/c", "z")) {
      aws.ok(at(e, "s3api", "put-object", "--bucket", "awscli-api", "--key", k, "--body", small.toString()));
    }
    JsonObject list = new JsonObject(aws.ok(at(e, "s3api", "list-objects-v2", "--bucket", "awscli-api",
        "--prefix", "a/", "--delimiter", "/")));
    assertEquals(List.of("a/c", "a/small.txt"),
        list.getJsonArray("Contents").stream().map(o -> ((JsonObject) o).getString("Key")).toList());
    assertEquals(List.of("a/b/"),
        list.getJsonArray("CommonPrefixes").stream().map(o -> ((JsonObject) o).getString("Prefix")).toList());

    // multipart by hand: two parts (5 MiB + 1 MiB), list-parts, complete; another upload aborted
    String uploadId = new JsonObject(aws.ok(at(e, "s3api", "create-multipart-upload", "--bucket", "awscli-api",
        "--key", "mp/obj"))).getString("UploadId");
    Path p1 = Tool.randomFile(tmp.resolve("p1"), 5L << 20, 1);
    Path p2 = Tool.randomFile(tmp.resolve("p2"), 1L << 20, 2);
    JsonArray parts = new JsonArray();
    int n = 1;
    for (Path p : List.of(p1, p2)) {
      String etag = new JsonObject(aws.ok(at(e, "s3api", "upload-part", "--bucket", "awscli-api", "--key", "mp/obj",
          "--upload-id", uploadId, "--part-number", String.valueOf(n), "--body", p.toString()))).getString("ETag");
      assertEquals('"' + Tool.md5(p) + '"', etag);
      parts.add(new JsonObject().put("ETag", etag).put("PartNumber", n++));
    }
    JsonObject listed = new JsonObject(aws.ok(at(e, "s3api", "list-parts", "--bucket", "awscli-api", "--key", "mp/obj",
        "--upload-id", uploadId)));
    assertEquals(2, listed.getJsonArray("Parts").size());
    JsonObject done = new JsonObject(aws.ok(at(e, "s3api", "complete-multipart-upload", "--bucket", "awscli-api",
        "--key", "mp/obj", "--upload-id", uploadId,
        "--multipart-upload", new JsonObject().put("Parts", parts).encode())));
    assertTrue(done.getString("ETag").endsWith("-2\""), done.encode());
    Path whole = tmp.resolve("whole");
    aws.ok(at(stowage.secondEndpoint(), "s3api", "get-object", "--bucket", "awscli-api", "--key", "mp/obj",
        whole.toString()));
    assertEquals(Files.size(p1) + Files.size(p2), Files.size(whole));
    byte[] both = new byte[(int) Files.size(whole)];
    System.arraycopy(Files.readAllBytes(p1), 0, both, 0, (int) Files.size(p1));
    System.arraycopy(Files.readAllBytes(p2), 0, both, (int) Files.size(p1), (int) Files.size(p2));
    assertEquals(Tool.md5(both), Tool.md5(whole));

    String aborted = new JsonObject(aws.ok(at(e, "s3api", "create-multipart-upload", "--bucket", "awscli-api",
        "--key", "mp/aborted"))).getString("UploadId");
    aws.ok(at(e, "s3api", "abort-multipart-upload", "--bucket", "awscli-api", "--key", "mp/aborted",
        "--upload-id", aborted));
    String uploads = aws.ok(at(e, "s3api", "list-multipart-uploads", "--bucket", "awscli-api"));
    assertFalse(uploads.contains(aborted), uploads);

    JsonArray keys = new JsonArray();
    for (String k : List.of("a/small.txt", "a/b/1", "a/b/2", "a/c", "z", "mp/obj")) {
      keys.add(new JsonObject().put("Key", k));
    }
    JsonObject deleted = new JsonObject(aws.ok(at(e, "s3api", "delete-objects", "--bucket", "awscli-api",
        "--delete", new JsonObject().put("Objects", keys).encode())));
    assertEquals(6, deleted.getJsonArray("Deleted").size(), deleted.encode());
    JsonObject empty = new JsonObject(aws.ok(at(e, "s3api", "list-objects-v2", "--bucket", "awscli-api",
        "--no-paginate")));
    assertEquals(0, empty.getInteger("KeyCount"), empty.encode());
    assertFalse(empty.containsKey("Contents"), empty.encode());
    aws.ok(at(e, "s3", "rb", "s3://awscli-api"));
  }

  @Test
  void serverSideCopyMoveAndPresignedGet() throws Exception {
    Tool aws = aws();
    String e = stowage.endpoint();
    Path f = Tool.randomFile(tmp.resolve("twelve.bin"), 12_000_000, 12);
    aws.ok(at(e, "s3", "mb", "s3://awscli-copy"));
    aws.ok(at(e, "s3", "cp", f.toString(), "s3://awscli-copy/src.bin"));
    // 12 MB: the cli copies in parts with UploadPartCopy
    aws.ok(at(e, "s3", "cp", "s3://awscli-copy/src.bin", "s3://awscli-copy/copy.bin"));
    aws.ok(at(e, "s3", "mv", "s3://awscli-copy/copy.bin", "s3://awscli-copy/moved.bin"));
    String ls = aws.ok(at(stowage.secondEndpoint(), "s3", "ls", "s3://awscli-copy/"));
    assertTrue(ls.contains("moved.bin") && ls.contains("src.bin") && !ls.contains("copy.bin"), ls);

    String url = aws.ok(at(e, "s3", "presign", "s3://awscli-copy/moved.bin", "--expires-in", "300")).strip();
    HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, got.statusCode(), () -> url + " -> " + new String(got.body(), StandardCharsets.UTF_8));
    assertEquals(Tool.md5(f), Tool.md5(got.body()));

    aws.ok(at(e, "s3", "rm", "--recursive", "s3://awscli-copy"));
    aws.ok(at(e, "s3", "rb", "s3://awscli-copy"));
  }
}
