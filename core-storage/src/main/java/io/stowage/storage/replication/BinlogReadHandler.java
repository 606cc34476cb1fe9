package io.stowage.storage.replication;

import io.stowage.common.proto.CommandHandler;
import io.stowage.common.proto.DataTail;
import io.stowage.common.proto.Request;
import io.stowage.storage.server.StorageContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;

/**
 * BINLOG_READ (235), storage -> storage: {@code {"offset","maxBytes","tail"?}} -> {@code {"offset",
 * "end"}} followed by the lines as a {@link DataTail} when the caller asked for one, else {@code
 * {"offset","end","data"}} with the lines in base64 {@code data}: the binlog's complete lines from
 * {@code offset} (at most {@code maxBytes}, 1 MiB cap), and the binlog's size. An offset past the
 * end (the binlog was lost and restarted) answers no data and {@code "reset":true}; a line longer
 * than the window answers {@code "skipTo"} past it so the reader reports it and moves on. Lines are
 * parsed by the reader, which reports and skips corrupt ones.
 */
public final class BinlogReadHandler implements CommandHandler {
  static final int MAX_BYTES = 1 << 20;
  private final StorageContext ctx;

  public BinlogReadHandler(StorageContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Future<Void> handle(Request req) {
    return req.readRest(4096).compose(b -> {
      JsonObject j = b.length() == 0 ? new JsonObject() : new JsonObject(b);
      long offset = j.getLong("offset", 0L);
      int max = Math.max(1024, Math.min(MAX_BYTES, j.getInteger("maxBytes", 256 * 1024)));
      boolean tail = DataTail.asked(j);
      return ctx.blocking(() -> read(offset, max)).map(r -> r.answer(tail));
    }).compose(req::ok);
  }

  /** What a read found: the answer's fields, and its lines ({@code length} bytes of {@code bytes}). */
  private record Read(JsonObject fields, byte[] bytes, int length) {
    static Read none(JsonObject fields) {
      return new Read(fields, new byte[0], 0);
    }

    Buffer answer(boolean tail) {
      if (tail) {
        return DataTail.head(fields).appendBytes(bytes, 0, length);
      }
      // the form readers that predate the tail decode: standard base64
      return fields.put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, length))).toBuffer();
    }
  }

  private Read read(long offset, int max) throws IOException {
    long end = ctx.binlog().size();
    JsonObject out = new JsonObject().put("offset", offset).put("end", end);
    if (offset < 0 || offset > end) {
      return Read.none(out.put("reset", true));
    }
    int n = (int) Math.min(max, end - offset);
    ByteBuffer buf = ByteBuffer.allocate(n);
    try (FileChannel ch = FileChannel.open(ctx.binlog().file(), StandardOpenOption.READ)) {
      while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
        // keep reading
      }
      int last = -1;
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          last = i;
          break;
        }
      }
      if (last < 0) {
        if (n == 0) {
          return Read.none(out);
        }
        // a line longer than the window: find its end so the reader can skip it
        long pos = offset + n;
        ByteBuffer one = ByteBuffer.allocate(8192);
        while (pos < end) {
          one.clear();
          int r = ch.read(one, pos);
          if (r <= 0) {
            break;
          }
          for (int i = 0; i < r; i++) {
            if (one.get(i) == '\n') {
              return Read.none(out.put("skipTo", pos + i + 1));
            }
          }
          pos += r;
        }
        return Read.none(out.put("skipTo", end));
      }
      return new Read(out, buf.array(), last + 1);
    }
  }
}
