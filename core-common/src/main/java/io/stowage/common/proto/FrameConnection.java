package io.stowage.common.proto;

import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of one FastDFS-framed connection: reads a header, dispatches to the command's handler,
 * makes sure the body is consumed and an answer sent, then reads the next frame. Enforces the
 * security boundary: internal commands need the cluster secret first, client commands an allowed
 * network.
 */
public final class FrameConnection {
  private static final Logger log = LoggerFactory.getLogger(FrameConnection.class);

  private final NetSocket socket;
  private final FrameReader reader;
  private final Map<Byte, CommandHandler> handlers;
  private final ConnectionState state;
  private final byte[] clusterSecret;

  public FrameConnection(NetSocket socket, Map<Byte, CommandHandler> handlers, String clusterSecret, boolean clientAllowed) {
    this.socket = socket;
    this.reader = new FrameReader(socket);
    this.handlers = handlers;
    this.state = new ConnectionState(clientAllowed);
    this.clusterSecret = clusterSecret.getBytes(StandardCharsets.UTF_8);
  }

  public void start() {
    next();
  }

  private void next() {
    reader.read(Header.SIZE).onComplete(ar -> {
      if (ar.failed()) {
        socket.close();
        return;
      }
      Header h;
      try {
        h = Header.decode(ar.result());
      } catch (ProtoException e) {
        socket.close();
        return;
      }
      if (h.cmd() == Commands.QUIT) {
        socket.close();
        return;
      }
      Request req = new Request(h, reader, socket, state);
      Future<Void> done;
      try {
        done = dispatch(req);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.transform(r -> finish(req, r.cause())).onComplete(f -> {
        if (f.succeeded()) {
          next();
        } else {
          socket.close();
        }
      });
    });
  }

  private Future<Void> dispatch(Request req) {
    byte cmd = req.cmd();
    if (cmd == Commands.ACTIVE_TEST) {
      return req.ok();
    }
    if (cmd == Commands.INTERNAL_HELLO) {
      return req.readRest(1024).compose(body -> {
        if (!MessageDigest.isEqual(body.getBytes(), clusterSecret)) {
          return Future.failedFuture(new ProtoException(ErrorCode.EACCES, "bad cluster secret"));
        }
        state.markInternal();
        return req.ok();
      });
    }
    // cluster members (gateways) that proved the secret may also use the FastDFS client commands
    if (Commands.isInternal(cmd) ? !state.internal() : !(state.clientAllowed() || state.internal())) {
      return Future.failedFuture(new ProtoException(ErrorCode.EACCES, "command " + (cmd & 0xff) + " not allowed from " + socket.remoteAddress()));
    }
    CommandHandler h = handlers.get(cmd);
    if (h == null) {
      return Future.failedFuture(new ProtoException(ErrorCode.ENOSYS, "unknown command " + (cmd & 0xff)));
    }
    return h.handle(req);
  }

  /** Consumes what the handler left of the body and answers if it has not; fails only to close. */
  private Future<Void> finish(Request req, Throwable error) {
    if (error != null) {
      ErrorCode code = ProtoException.codeOf(error);
      if (code == ErrorCode.EIO) {
        log.warn("command {} failed", req.header().cmdCode(), error);
      } else {
        log.debug("command {} refused: {}", req.header().cmdCode(), error.getMessage());
      }
      if (req.replied()) {
        // part of an answer went out already: the stream cannot be re-synchronised
        return Future.failedFuture(error);
      }
      return req.skipRest().compose(v -> req.reply(code, null));
    }
    if (!req.replied()) {
      return req.skipRest().compose(v -> req.reply(ErrorCode.EIO, null));
    }
    return req.skipRest();
  }
}
