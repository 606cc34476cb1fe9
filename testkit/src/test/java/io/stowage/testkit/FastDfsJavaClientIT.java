package io.stowage.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.csource.common.NameValuePair;
import org.csource.fastdfs.ClientGlobal;
import org.csource.fastdfs.FileInfo;
import org.csource.fastdfs.StorageClient1;
import org.csource.fastdfs.StructGroupStat;
import org.csource.fastdfs.TrackerClient;
import org.csource.fastdfs.TrackerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official FastDFS Java client (1.27), unmodified, against a real tracker and storage server. */
class FastDfsJavaClientIT {
  static MiniCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = MiniCluster.builder().start();
    Properties p = new Properties();
    p.setProperty("fastdfs.tracker_servers", "127.0.0.1:" + cluster.tracker().port());
    p.setProperty("fastdfs.connect_timeout_in_seconds", "5");
    p.setProperty("fastdfs.network_timeout_in_seconds", "30");
    ClientGlobal.initByProperties(p);
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> newClient().upload_file1(new byte[] {1}, "bin", null) != null);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static StorageClient1 newClient() throws Exception {
    TrackerServer t = new TrackerClient().getConnection();
    return new StorageClient1(t, null);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void uploadDownloadWholeAndByRangeReturnsSameBytes() throws Exception {
    StorageClient1 c = newClient();
    byte[] data = random(300_000);
    String id = c.upload_file1(data, "jpg", null);
    assertTrue(id.startsWith("group1/M00/"), id);
    assertTrue(id.endsWith(".jpg"), id);
    assertArrayEquals(data, c.download_file1(id));
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 6000), c.download_file1(id, 1000, 5000));
    assertArrayEquals(Arrays.copyOfRange(data, 299_000, 300_000), c.download_file1(id, 299_000, 0));
  }

  @Test
  void metadataOverwriteAndMerge() throws Exception {
    StorageClient1 c = newClient();
    String id = c.upload_file1(random(100), "txt", new NameValuePair[] {new NameValuePair("width", "100"), new NameValuePair("author", "ann")});
    assertEquals(Map.of("width", "100", "author", "ann"), toMap(c.get_metadata1(id)));
    assertEquals(0, c.set_metadata1(id, new NameValuePair[] {new NameValuePair("width", "200"), new NameValuePair("color", "red")}, (byte) 'M'));
    assertEquals(Map.of("width", "200", "author", "ann", "color", "red"), toMap(c.get_metadata1(id)));
    assertEquals(0, c.set_metadata1(id, new NameValuePair[] {new NameValuePair("only", "this")}, (byte) 'O'));
    assertEquals(Map.of("only", "this"), toMap(c.get_metadata1(id)));
  }

  @Test
  void queryFileInfoReportsSizeAndCrc() throws Exception {
    StorageClient1 c = newClient();
    byte[] data = random(12345);
    String id = c.upload_file1(data, "bin", null);
    FileInfo info = c.query_file_info1(id);
    assertEquals(12345, info.getFileSize());
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    assertEquals(crc.getValue(), info.getCrc32() & 0xffffffffL);
  }

  @Test
  void appenderFileAppendModifyTruncate() throws Exception {
    StorageClient1 c = newClient();
    String id = c.upload_appender_file1("hello".getBytes(), "log", null);
    assertEquals(0, c.append_file1(id, " world".getBytes()));
    assertEquals("hello world", new String(c.download_file1(id)));
    assertEquals(0, c.modify_file1(id, 0, "HELLO".getBytes()));
    assertEquals("HELLO world", new String(c.download_file1(id)));
    assertEquals(0, c.truncate_file1(id, 5));
    assertEquals("HELLO", new String(c.download_file1(id)));
  }

  @Test
  void deleteThenDownloadFails() throws Exception {
    StorageClient1 c = newClient();
    String id = c.upload_file1(random(10), "bin", null);
    assertEquals(0, c.delete_file1(id));
    assertNull(c.download_file1(id));
    assertEquals(2, c.getErrorCode(), "ENOENT");
  }

  @Test
  void listGroupsShowsGroup1WithOneActiveServer() throws Exception {
    TrackerClient tc = new TrackerClient();
    StructGroupStat[] groups = tc.listGroups(tc.getConnection());
    assertNotNull(groups, "listGroups failed with errno " + tc.getErrorCode());
    assertEquals(1, groups.length);
    assertEquals("group1", groups[0].getGroupName());
    assertEquals(1, groups[0].getStorageCount());
    assertEquals(1, groups[0].getActiveCount());
  }

  @Test
  void streamedUploadOfEightMebibytesRoundTrips() throws Exception {
    StorageClient1 c = newClient();
    byte[] data = random(8 << 20);
    String id = c.upload_file1(data, "bin", null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.download_file1(id, (size, bytes, len) -> {
      out.write(bytes, 0, len);
      return 0;
    });
    assertArrayEquals(data, out.toByteArray());
  }

  private static Map<String, String> toMap(NameValuePair[] pairs) {
    Map<String, String> m = new TreeMap<>();
    for (NameValuePair p : pairs) {
      m.put(p.getName(), p.getValue());
    }
    return m;
  }
}
