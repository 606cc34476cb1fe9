package io.stowage.common.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorkedSendTest {
  private static final String TCP_CORK = "io.netty.channel.epoll.EpollChannelOption#TCP_CORK";
  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = VertxFactory.create();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /** Serves {@code file} to the first connection through {@link CorkedSend#socket}, recording TCP_CORK during and after. */
  private byte[] fetch(Path file, long size, Boolean[] corkDuringAndAfter) throws Exception {
    Promise<Void> done = Promise.promise();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      Channel ch = ((NetSocketInternal) socket).channelHandlerContext().channel();
      CorkedSend.socket(socket, size, () -> {
        corkDuringAndAfter[0] = cork(ch);
        return socket.sendFile(file.toString());
      }).onComplete(ar -> {
        corkDuringAndAfter[1] = cork(ch);
        socket.end().onComplete(x -> done.handle(ar));
      });
    });
    int port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (Socket s = new Socket("127.0.0.1", port); InputStream in = s.getInputStream()) {
      in.transferTo(got);
    }
    done.future().await(10, TimeUnit.SECONDS);
    server.close().await(10, TimeUnit.SECONDS);
    return got.toByteArray();
  }

  private static Boolean cork(Channel ch) {
    return ChannelOption.exists(TCP_CORK) ? ch.config().getOption(ChannelOption.<Boolean>valueOf(TCP_CORK)) : null;
  }

  @Test
  void aLargeFileIsSentWholeWithTheSocketCorkedAndUncorkedAfterwards() throws Exception {
    assumeTrue(vertx.isNativeTransportEnabled(), "TCP_CORK needs the epoll transport");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(3).nextBytes(data);
    Path file = Files.write(dir.resolve("big"), data);
    Boolean[] cork = new Boolean[2];
    assertArrayEquals(data, fetch(file, data.length, cork));
    assertEquals(Boolean.TRUE, cork[0], "corked while the file is handed over");
    assertEquals(Boolean.FALSE, cork[1], "uncorked once it is, so the last partial segment goes out");
  }

  @Test
  void aFileOfOneRegionIsSentWithoutCorking() throws Exception {
    assumeTrue(vertx.isNativeTransportEnabled(), "TCP_CORK needs the epoll transport");
    byte[] data = new byte[1 << 20];
    new Random(4).nextBytes(data);
    Path file = Files.write(dir.resolve("one-region"), data);
    Boolean[] cork = new Boolean[2];
    assertArrayEquals(data, fetch(file, data.length, cork));
    assertEquals(Boolean.FALSE, cork[0], "two more system calls are not worth it below " + CorkedSend.MIN_BYTES);
  }
}
