package io.stowage.admin.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per admin action: {@code {"time","user","action","target","result","remote"}}.
 * Callers pass targets such as bucket names and access keys, never a secret. Writes are
 * asynchronous and ordered (one {@link AsyncFile} in append mode).
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private final AsyncFile file;

  private AuditLog(AsyncFile file) {
    this.file = file;
  }

  public static Future<AuditLog> open(Vertx vertx, Path path) {
    Path parent = path.toAbsolutePath().getParent();
    Future<Void> mk = parent == null ? Future.succeededFuture() : vertx.fileSystem().mkdirs(parent.toString());
    return mk.compose(v -> vertx.fileSystem().open(path.toString(), new OpenOptions().setAppend(true).setCreate(true).setWrite(true)))
        .map(AuditLog::new);
  }

  /** One line; {@code result} is "ok" or a short error (HTTP status and reason). */
  public void record(String user, String action, String target, String result, String remote) {
    JsonObject j = new JsonObject().put("time", Instant.now().toString()).put("user", user == null ? "-" : user).put("action", action)
        .put("target", target == null ? "" : target).put("result", result).put("remote", remote == null ? "" : remote);
    file.write(Buffer.buffer(j.encode()).appendString("\n")).onFailure(e -> LOG.error("audit log write failed", e));
  }

  public Future<Void> close() {
    return file.flush().compose(v -> file.close());
  }
}
