package io.stowage.common.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.common.proto.Commands;
import io.stowage.common.proto.DiscardStream;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.Header;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core client's time bounds and read failover against real sockets: a silent server that
 * accepts connections and never answers (what a SIGSTOPped process looks like to a new
 * connection), a "hung" one that answers the cluster-secret proof and then nothing (a process
 * stopped between two requests on a pooled connection), a closed port, and a small server answering
 * every command.
 */
class ClientTimeoutsTest {
  private static final String SECRET = "secret";
  private Vertx vertx;
  private NetServer silent;
  private NetServer hung;
  private NetServer answering;
  private FdfsClientPool pool;
  private final AtomicInteger answeringStatus = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    silent = await(vertx.createNetServer().connectHandler(s -> s.handler(b -> { })).listen(0, "127.0.0.1"));
    hung = await(vertx.createNetServer().connectHandler(s -> answer(s, true)).listen(0, "127.0.0.1"));
    answering = await(vertx.createNetServer().connectHandler(s -> answer(s, false)).listen(0, "127.0.0.1"));
    pool = new FdfsClientPool(vertx, SECRET, 2, Duration.ofSeconds(60), Duration.ofMillis(300));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  /**
   * Answers INTERNAL_HELLO, then (unless {@code helloOnly}) any other command with {@code
   * {"entry":{"from":"answering"}}}, or with the status set in {@link #answeringStatus}.
   */
  private void answer(NetSocket s, boolean helloOnly) {
    RecordParser parser = RecordParser.newFixed(Header.SIZE);
    Header[] head = new Header[1];
    parser.handler(b -> {
      if (head[0] == null) {
        head[0] = Header.decode(b);
        if (head[0].bodyLength() > 0) {
          parser.fixedSizeMode((int) head[0].bodyLength());
          return;
        }
      }
      Header h = head[0];
      head[0] = null;
      parser.fixedSizeMode(Header.SIZE);
      if (h.cmd() == Commands.INTERNAL_HELLO) {
        s.write(Header.encode(0, h.cmd(), (byte) 0));
      } else if (helloOnly) {
        return;
      } else if (answeringStatus.get() != 0) {
        s.write(Header.encode(0, h.cmd(), (byte) answeringStatus.get()));
      } else {
        Buffer body = new JsonObject().put("entry", new JsonObject().put("from", "answering")).toBuffer();
        s.write(Header.encode(body.length(), h.cmd(), (byte) 0).appendBuffer(body));
      }
    });
    s.handler(parser);
  }

  private HostPort hungAddress() {
    return new HostPort("127.0.0.1", hung.actualPort());
  }

  private HostPort answeringAddress() {
    return new HostPort("127.0.0.1", answering.actualPort());
  }

  @Test
  void aConnectionWhoseSecretProofIsNeverAnsweredFailsWithEtimedout() throws Exception {
    Throwable e = failure(new IndexClient(pool).get(new HostPort("127.0.0.1", silent.actualPort()), "b", "k"));
    assertEquals(ErrorCode.ETIMEDOUT, assertInstanceOf(ProtoException.class, e).code(), e.toString());
  }

  @Test
  void aServerThatAcceptsButNeverAnswersFailsTheReadWithEtimedout() throws Exception {
    Throwable e = failure(new IndexClient(pool).get(hungAddress(), "b", "k"));
    assertEquals(ErrorCode.ETIMEDOUT, assertInstanceOf(ProtoException.class, e).code(), e.toString());
  }

  @Test
  void aReadTheHungServerNeverAnswersIsTriedOnTheAlternative() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    IndexClient client = new IndexClient(pool).withFailover((failed, cause) -> {
      asked.incrementAndGet();
      assertEquals(hungAddress(), failed);
      return Future.succeededFuture(answeringAddress());
    });
    JsonObject entry = await(client.get(hungAddress(), "b", "k"));
    assertEquals("answering", entry.getString("from"));
    assertEquals(1, asked.get());
  }

  @Test
  void aReadToAClosedPortIsTriedOnTheAlternative() throws Exception {
    HostPort closed;
    NetServer s = await(vertx.createNetServer().connectHandler(x -> { }).listen(0, "127.0.0.1"));
    closed = new HostPort("127.0.0.1", s.actualPort());
    await(s.close());
    IndexClient client = new IndexClient(pool).withFailover((failed, cause) -> Future.succeededFuture(answeringAddress()));
    // the answering server's JSON has no "entries": an empty page, from the alternative
    assertEquals(0, await(client.list(closed, "b", "", null, 10)).entries().size());
  }

  @Test
  void aStatusAnswerIsFinalAndNotTriedElsewhere() throws Exception {
    answeringStatus.set(ErrorCode.ENOENT.code());
    AtomicInteger asked = new AtomicInteger();
    IndexClient client = new IndexClient(pool).withFailover((failed, cause) -> {
      asked.incrementAndGet();
      return Future.succeededFuture(hungAddress());
    });
    Throwable e = failure(client.get(answeringAddress(), "b", "k"));
    assertEquals(ErrorCode.ENOENT, assertInstanceOf(ProtoException.class, e).code());
    assertEquals(0, asked.get());
  }

  @Test
  void aStreamedDownloadWhoseAnswerNeverComesFailsWithEtimedoutBeforeAnyByte() throws Exception {
    DiscardStream out = new DiscardStream();
    Throwable e = failure(new StorageClient(pool).download(hungAddress(),
        FileId.parse("group1/M00/00/2A/oYYBAGsFFL-APoSyAAAQAGlr1iU093.bin"), 0, 0, out));
    assertEquals(ErrorCode.ETIMEDOUT, assertInstanceOf(ProtoException.class, e).code(), e.toString());
    assertEquals(0, out.bytes());
  }

  @Test
  void aTrackerQueryTheHungTrackerNeverAnswersGoesToTheNextTracker() throws Exception {
    TrackerClient trackers = new TrackerClient(pool, List.of(hungAddress(), answeringAddress()));
    JsonObject state = await(new ClusterClient(trackers).clusterState());
    assertEquals("answering", state.getJsonObject("entry").getString("from"));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
