package io.stowage.storage.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.fileid.GeneratedName;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.Header;
import io.stowage.common.proto.Wire;
import io.stowage.storage.StorageConfig;
import io.stowage.storage.StorageNode;
import io.stowage.storage.fs.StorePath;
import io.stowage.storage.fs.TempUploads;
import io.stowage.storage.binlog.BinlogEntry;
import io.stowage.storage.fs.CrcWriteStream;
import io.stowage.common.proto.Metadata;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.WriteStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real storage node on port 0 with a temp dir and no reachable tracker, driven with raw frames. */
class StorageServerTest {
  @TempDir
  static Path dir;
  static Vertx vertx;
  static StorageNode node;
  TestClient client;

  @BeforeAll
  static void startNode() throws Exception {
    vertx = Vertx.vertx();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    Map<String, String> m = new HashMap<>();
    m.put("base_path", dir.toString());
    m.put("server_id", "100001");
    m.put("port", "0");
    m.put("cluster_secret", "test-secret");
    m.put("tracker_server", "127.0.0.1:" + deadPort);
    m.put("heartbeat_interval", "1");
    m.put("reserved_storage_space", "0");
    node = StorageNode.start(vertx, StorageConfig.of(m)).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void connect() {
    client = new TestClient(vertx, node.port());
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static int crc(byte[] b) {
    CRC32 c = new CRC32();
    c.update(b);
    return (int) c.getValue();
  }

  @Test
  void servesWithoutAnyReachableTracker() {
    assertTrue(node.port() > 0);
    assertEquals(ServerStatus.OFFLINE, node.trackerLink().status());
    client.raw(Commands.ACTIVE_TEST, Buffer.buffer());
  }

  @Test
  void uploadThenDownloadReturnsSameBytes() throws Exception {
    byte[] data = random(100_000, 1);
    String remote = client.upload(data, "bin");
    assertTrue(remote.matches("M00/[0-9A-F]{2}/[0-9A-F]{2}/[A-Za-z0-9_-]{27}\\d{3}\\.bin"), remote);
    assertArrayEquals(data, client.download(remote, 0, 0));
    assertTrue(Files.isRegularFile(dir.resolve("data").resolve(remote.substring(4))));
    GeneratedName g = GeneratedName.decode(remote.substring(10));
    assertEquals(100001, g.serverId());
    assertEquals(data.length, g.size());
    assertEquals(crc(data), g.crc32());
    List<BinlogEntry> log = node.binlog().read(0, 10_000);
    assertTrue(log.stream().anyMatch(e -> e.record().op() == 'C' && e.record().filename().equals(remote)), "binlog has C " + remote);
  }

  @Test
  void rangeDownloadsReturnTheRequestedBytes() {
    byte[] data = random(10_000, 2);
    String remote = client.upload(data, "");
    assertArrayEquals(Arrays.copyOfRange(data, 100, 350), client.download(remote, 100, 250));
    assertArrayEquals(Arrays.copyOfRange(data, 9_000, 10_000), client.download(remote, 9_000, 0));
    assertArrayEquals(Arrays.copyOfRange(data, 9_990, 10_000), client.download(remote, 9_990, 500), "clipped at the end");
    assertArrayEquals(Arrays.copyOfRange(data, 9_999, 10_000), client.download(remote, 9_999, 1));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.download(remote, 10_000, 0)));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.download(remote, 20_000, 1)));
    assertArrayEquals(data, client.download(remote, 0, 0), "connection still in frame after errors");
  }

  @Test
  void emptyFileUploadsAndDownloads() {
    String remote = client.upload(new byte[0], "txt");
    assertEquals(0, client.download(remote, 0, 0).length);
    assertEquals(0, client.info(remote).getLong(0));
  }

  @Test
  void fileInfoReportsSizeTimeCrcAndSource() {
    byte[] data = random(4321, 3);
    long before = System.currentTimeMillis() / 1000;
    String remote = client.upload(data, "dat");
    Buffer info = client.info(remote);
    assertEquals(40, info.length());
    assertEquals(4321, info.getLong(0));
    long created = info.getLong(8);
    assertTrue(created >= before && created <= before + 5, "create time " + created);
    assertEquals(crc(data), (int) info.getLong(16));
    assertEquals("127.0.0.1", Wire.readFixed(info, 24, 16));
  }

  @Test
  void metadataOverwriteAndMerge() {
    String remote = client.upload("x".getBytes(), "txt");
    assertEquals(0, client.getMeta(remote).length, "no metadata yet");
    client.setMeta(remote, 'O', Metadata.encode(Map.of("width", "10", "height", "20")));
    assertEquals(Map.of("height", "20", "width", "10"), Metadata.decode(client.getMeta(remote)));
    assertArrayEquals("height\u000220\u0001width\u000210".getBytes(StandardCharsets.ISO_8859_1), client.getMeta(remote));
    client.setMeta(remote, 'M', Metadata.encode(Map.of("width", "11", "color", "red")));
    assertEquals(Map.of("color", "red", "height", "20", "width", "11"), Metadata.decode(client.getMeta(remote)));
    client.setMeta(remote, 'O', Metadata.encode(Map.of("only", "one")));
    assertEquals(Map.of("only", "one"), Metadata.decode(client.getMeta(remote)));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.setMeta(remote, 'X', new byte[0])));
    client.setMeta(remote, 'O', new byte[0]);
    assertEquals(0, client.getMeta(remote).length);
    assertFalse(Files.exists(dir.resolve("data").resolve(remote.substring(4) + "-m")), "empty overwrite removes the -m file");
  }

  @Test
  void appenderLifecycle() {
    String remote = client.upload(Commands.UPLOAD_APPENDER_FILE, "abc".getBytes(), "log");
    assertTrue(GeneratedName.decode(remote.substring(10)).appender());
    client.append(remote, "def".getBytes());
    assertEquals("abcdef", new String(client.download(remote, 0, 0)));
    client.modify(remote, 1, "XY".getBytes());
    assertEquals("aXYdef", new String(client.download(remote, 0, 0)));
    client.modify(remote, 6, "gh".getBytes());
    assertEquals("aXYdefgh", new String(client.download(remote, 0, 0)), "modify at the end extends");
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.modify(remote, 100, "z".getBytes())));
    client.truncate(remote, 4);
    assertEquals("aXYd", new String(client.download(remote, 0, 0)));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.truncate(remote, 10)));
    Buffer info = client.info(remote);
    assertEquals(4, info.getLong(0));
    assertEquals(crc("aXYd".getBytes()), (int) info.getLong(16), "appender CRC computed from content");

    client.setMeta(remote, 'O', Metadata.encode(Map.of("k", "v")));
    String regular = client.regenerate(remote);
    assertNotEquals(remote, regular);
    GeneratedName g = GeneratedName.decode(regular.substring(10));
    assertFalse(g.appender());
    assertEquals(4, g.size());
    assertEquals(crc("aXYd".getBytes()), g.crc32());
    assertTrue(regular.endsWith(".log"));
    assertEquals("aXYd", new String(client.download(regular, 0, 0)));
    assertEquals(Map.of("k", "v"), Metadata.decode(client.getMeta(regular)), "metadata follows the rename");
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.download(remote, 0, 0)));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.append(regular, "x".getBytes())), "not an appender any more");
  }

  @Test
  void appendToNormalFileIsRefused() {
    String remote = client.upload("abc".getBytes(), "");
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.append(remote, "d".getBytes())));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.truncate(remote, 1)));
    assertEquals("abc", new String(client.download(remote, 0, 0)));
  }

  @Test
  void concurrentAppendsToOneFileAreSerialised() throws Exception {
    String remote = client.upload(Commands.UPLOAD_APPENDER_FILE, new byte[0], "");
    int n = 8;
    List<TestClient> clients = Stream.generate(() -> new TestClient(vertx, node.port())).limit(n).toList();
    try {
      List<Thread> threads = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] chunk = new byte[50_000];
        Arrays.fill(chunk, (byte) ('a' + i));
        TestClient c = clients.get(i);
        Thread t = new Thread(() -> c.append(remote, chunk));
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      clients.forEach(TestClient::close);
    }
    byte[] all = client.download(remote, 0, 0);
    assertEquals(n * 50_000, all.length);
    for (int i = 0; i < n; i++) {
      byte first = all[i * 50_000];
      for (int j = 1; j < 50_000; j++) {
        assertEquals(first, all[i * 50_000 + j], "chunks never interleave");
      }
    }
  }

  @Test
  void slaveUploadLivesBesideItsMaster() {
    String master = client.upload("master".getBytes(), "jpg");
    String slave = client.uploadSlave(master, "_150x150", "", "slave".getBytes());
    assertEquals(master.substring(0, master.length() - 4) + "_150x150.jpg", slave);
    assertEquals("slave", new String(client.download(slave, 0, 0)));
    assertEquals(ErrorCode.EEXIST, client.status(() -> client.uploadSlave(master, "_150x150", "", "again".getBytes())));
    assertEquals("slave", new String(client.download(slave, 0, 0)));
    String png = client.uploadSlave(master, "_big", "png", "p".getBytes());
    assertTrue(png.endsWith("_big.png"));
    assertEquals(crc("slave".getBytes()), (int) client.info(slave).getLong(16));
    client.delete(master);
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.uploadSlave(master, "_x", "", "s".getBytes())));
  }

  @Test
  void deleteThenDownloadIsEnoent() throws Exception {
    String remote = client.upload("bye".getBytes(), "txt");
    client.setMeta(remote, 'O', Metadata.encode(Map.of("a", "b")));
    client.delete(remote);
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.download(remote, 0, 0)));
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.getMeta(remote)));
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.info(remote)));
    assertEquals(ErrorCode.ENOENT, client.status(() -> client.delete(remote)));
    assertFalse(Files.exists(dir.resolve("data").resolve(remote.substring(4) + "-m")));
    assertTrue(node.binlog().read(0, 100_000).stream().anyMatch(e -> e.record().op() == 'D' && e.record().filename().equals(remote)));
  }

  @Test
  void craftedNamesOverTheWireAreRefused() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "do not serve");
    for (String evil : List.of("M00/00/00/../../secret.txt", "M00/00/../../../secret.txt", "M00/../../secret.txt/xxxxxx",
        "M00/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc/../../../secret.txt")) {
      assertEquals(ErrorCode.EINVAL, client.status(() -> client.download(evil, 0, 0)), evil);
      assertEquals(ErrorCode.EINVAL, client.status(() -> client.delete(evil)), evil);
    }
    assertTrue(Files.exists(secret));
    assertEquals(ErrorCode.EINVAL, client.status(() -> client.download("M00/00/00/AQAAAAAAAAGAAAAAAAAAAwAAAAc1111111-m", 0, 0)));
    client.raw(Commands.ACTIVE_TEST, Buffer.buffer());
  }

  @Test
  void internalCommandsNeedTheSecret() {
    assertEquals(ErrorCode.EACCES, client.status(() -> client.raw(Commands.STORAGE_BEAT, Buffer.buffer("{}"))));
    assertEquals(ErrorCode.ENOSYS, client.status(() -> client.raw((byte) 77, Buffer.buffer())));
  }

  @Test
  void streamedUploadOf64MiBKeepsCrc() throws Exception {
    int size = 64 << 20;
    Path src = Files.createTempFile(dir, "big", ".bin");
    CRC32 expected = new CRC32();
    Random rnd = new Random(64);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(src)) {
      for (int i = 0; i < 64; i++) {
        rnd.nextBytes(chunk);
        expected.update(chunk);
        out.write(chunk);
      }
    }
    AsyncFile in = client.run(() -> vertx.fileSystem().open(src.toString(), new OpenOptions().setRead(true).setWrite(false)));
    String remote = client.uploadStream(in, size, "bin");
    client.run(in::close);
    GeneratedName g = GeneratedName.decode(remote.substring(10));
    assertEquals(size, g.size());
    assertEquals((int) expected.getValue(), g.crc32());
    assertEquals(size, Files.size(dir.resolve("data").resolve(remote.substring(4))));

    CrcWriteStream check = new CrcWriteStream(new Sink());
    assertEquals(size, client.downloadTo(remote, check));
    assertEquals(size, check.bytes());
    assertEquals((int) expected.getValue(), check.crc32(), "downloaded bytes equal");
    Files.delete(src);
  }

  @Test
  void clientDisconnectingMidUploadLeavesNothing() throws Exception {
    Set<Path> before = dataFiles();
    NetSocket s = client.run(() -> vertx.createNetClient().connect(node.port(), "127.0.0.1"));
    long size = 32 << 20;
    Buffer head = Header.encode(15 + size, Commands.UPLOAD_FILE, (byte) 0).appendByte((byte) -1).appendLong(size);
    Wire.appendFixed(head, "bin", 6).appendBytes(random(1 << 20, 9));
    client.run(() -> s.write(head));
    StorePath sp = node.store().path(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> TempUploads.of(node.store(), sp).size() == 1);
    client.run(s::close);
    TempUploads.awaitNone(node.store(), sp);
    assertEquals(before, dataFiles());
    client.raw(Commands.ACTIVE_TEST, Buffer.buffer());
  }

  /** Every file in the XX/YY data tree. */
  static Set<Path> dataFiles() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> dir.resolve("data").relativize(p).toString().matches("[0-9A-F]{2}/[0-9A-F]{2}/.*"))
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** A write stream that drops everything (the download side of the CRC check). */
  static final class Sink implements WriteStream<Buffer> {
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    public Future<Void> write(Buffer data) {
      return Future.succeededFuture();
    }

    public Future<Void> end() {
      return Future.succeededFuture();
    }

    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    public boolean writeQueueFull() {
      return false;
    }

    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
