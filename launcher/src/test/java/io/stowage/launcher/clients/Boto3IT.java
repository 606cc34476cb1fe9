package io.stowage.launcher.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 with default settings (so CRC32 checksums in aws-chunked trailers on uploads), only the
 * endpoint and the credential given; a small script run by the first python3 that can import boto3.
 */
@ExtendWith(SharedStowage.class)
class Boto3IT {
  private static final String SCRIPT = """
      import hashlib, sys, urllib.request
      from concurrent.futures import ThreadPoolExecutor
      import boto3
      from boto3.s3.transfer import TransferConfig

      endpoint, second, bucket, big = sys.argv[1:5]
      s3 = boto3.client("s3", endpoint_url=endpoint)
      s3b = boto3.client("s3", endpoint_url=second)

      def md5(b):
          return hashlib.md5(b).hexdigest()

      s3.create_bucket(Bucket=bucket)
      body = b"hello from boto3\\n" * 100
      put = s3.put_object(Bucket=bucket, Key="small.txt", Body=body, ContentType="text/plain",
                          Metadata={"colour": "green"})
      assert put["ETag"] == '"%s"' % md5(body), put
      got = s3.get_object(Bucket=bucket, Key="small.txt")
      assert got["Body"].read() == body
      assert got["ContentType"] == "text/plain", got
      assert got["Metadata"] == {"colour": "green"}, got["Metadata"]

      # default TransferConfig: 8 MiB threshold and parts, so 20 MiB goes up in 3 parts
      assert TransferConfig().multipart_threshold == 8 * 1024 * 1024
      s3.upload_file(big, bucket, "dir/big.bin")
      head = s3.head_object(Bucket=bucket, Key="dir/big.bin")
      assert head["ETag"].endswith('-3"'), head
      data = open(big, "rb").read()
      assert md5(s3.get_object(Bucket=bucket, Key="dir/big.bin")["Body"].read()) == md5(data)
      assert md5(s3b.get_object(Bucket=bucket, Key="dir/big.bin")["Body"].read()) == md5(data), "second gateway"
      s3.download_file(bucket, "dir/big.bin", big + ".down")
      assert md5(open(big + ".down", "rb").read()) == md5(data)

      for k in ["dir/a/1", "dir/a/2", "dir/b", "other"]:
          s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
      page = s3.list_objects_v2(Bucket=bucket, Prefix="dir/", Delimiter="/")
      assert [o["Key"] for o in page["Contents"]] == ["dir/b", "dir/big.bin"], page
      assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["dir/a/"], page
      assert page["KeyCount"] == 3, page

      s3.copy_object(Bucket=bucket, Key="dir/copy.txt", CopySource={"Bucket": bucket, "Key": "small.txt"},
                     MetadataDirective="REPLACE", Metadata={"colour": "red"})
      copied = s3b.get_object(Bucket=bucket, Key="dir/copy.txt")
      assert copied["Body"].read() == body and copied["Metadata"] == {"colour": "red"}, copied
      url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/copy.txt"}, ExpiresIn=300)
      assert urllib.request.urlopen(url).read() == body, url

      # more than one page (1000 keys) through the paginators
      many = ["many/%04d" % i for i in range(1100)]
      with ThreadPoolExecutor(8) as ex:
          list(ex.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()), many))
      listed = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="many/")
                for o in p.get("Contents", [])]
      assert listed == many, len(listed)
      listed = [o["Key"] for p in s3b.get_paginator("list_objects").paginate(Bucket=bucket, Prefix="many/")
                for o in p.get("Contents", [])]
      assert listed == many, len(listed)
      for chunk in (many[:1000], many[1000:]):
          res = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True})
          assert not res.get("Errors"), res

      keys = ["dir/copy.txt", "small.txt", "dir/big.bin", "dir/a/1", "dir/a/2", "dir/b", "other"]
      res = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
      assert sorted(d["Key"] for d in res["Deleted"]) == sorted(keys), res
      assert "Errors" not in res or not res["Errors"], res
      assert s3b.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
      s3.delete_bucket(Bucket=bucket)
      print("boto3 %s OK" % boto3.__version__)
      """;

  private static Stowage stowage;

  @TempDir
  Path tmp;

  @BeforeAll
  static void cluster(Stowage s) {
    stowage = s;
  }

  @Test
  void bucketObjectsMultipartListingAndBatchDelete() throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home);
    Set<Path> pythons = new LinkedHashSet<>();
    Tool.onPath("python3").ifPresent(pythons::add);
    for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
      if (Files.isExecutable(Path.of(p))) {
        pythons.add(Path.of(p));
      }
    }
    Tool python = null;
    for (Path p : pythons) {
      Tool t = Tool.at(p, home);
      if (t.run("-c", "import boto3").code() == 0) {
        python = t;
        break;
      }
    }
    Assumptions.assumeTrue(python != null, "no python3 that can import boto3 is installed (tried " + pythons + ")");
    python.awsCredentials();

    Path script = Files.writeString(tmp.resolve("boto3_it.py"), SCRIPT);
    Path big = Tool.randomFile(tmp.resolve("big.bin"), 20L << 20, 33);
    String out = python.ok(script.toString(), stowage.endpoint(), stowage.secondEndpoint(), "boto3-bucket",
        big.toString());
    assertTrue(out.contains("OK"), out);
  }
}
