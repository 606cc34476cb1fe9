package io.stowage.s3.handler;

import io.stowage.common.proto.ForwardingWriteStream;
import io.stowage.common.client.BucketInfo;
import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import io.stowage.s3.auth.AwsUriEncoding;
import io.stowage.s3.checksum.BodyDigests;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.http.RequestContext;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import java.util.Map;

/**
 * CopyObject (within or across buckets): the source's bytes are streamed from a storage server of
 * the source file's group to one of the destination bucket's home group through a bounded
 * {@link StreamBridge}, re-hashed on the way (the ETag must still match), then the destination entry
 * is committed. A source of at most {@code inline_max_size} bytes (inline or not) is read into
 * memory and the copy stored inline. Metadata directive COPY (default) or REPLACE; x-amz-copy-source-if-* conditions.
 */
public final class CopyObjectHandler implements S3Handler {
  private final Backend backend;

  public CopyObjectHandler(Backend backend) {
    this.backend = backend;
  }

  record Source(String bucket, String key) {}

  @Override
  public Future<Void> handle(RequestContext ctx) {
    MultiMap h = ctx.request().headers();
    Source src;
    boolean replace;
    try {
      ObjectHeaders.checkKey(ctx.key());
      ObjectHeaders.rejectUnsupported(h);
      src = parseSource(h.get("x-amz-copy-source"));
      String directive = h.get("x-amz-metadata-directive");
      if (directive == null || directive.equals("COPY")) {
        replace = false;
      } else if (directive.equals("REPLACE")) {
        replace = true;
      } else {
        throw S3Exception.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
      }
      if (src.bucket.equals(ctx.bucket()) && src.key.equals(ctx.key()) && !replace) {
        throw S3Exception.of(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to copy an"
            + " object to itself without changing the object's metadata, storage class, website redirect location"
            + " or encryption attributes.");
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return backend.bucket(src.bucket)
        .compose(backend::indexServer)
        .compose(srcServer -> backend.entry(srcServer, src.bucket, src.key))
        .compose(srcEntry -> {
          Conditions.checkCopySource(h, srcEntry);
          return backend.bucket(ctx.bucket()).compose(dst -> backend.indexServer(dst).compose(dstServer ->
              copyBytes(srcEntry, dst).compose(copied -> commit(ctx, dstServer, dst, srcEntry, copied, replace))));
        });
  }

  static Source parseSource(String header) {
    String raw = header == null ? "" : header.strip();
    int q = raw.indexOf('?');
    if (q >= 0) {
      String query = raw.substring(q + 1);
      raw = raw.substring(0, q);
      if (query.startsWith("versionId=") && !query.equals("versionId=null")) {
        throw S3Exception.of(S3Error.NOT_IMPLEMENTED, "Not implemented: copying an object version");
      }
    }
    String decoded = AwsUriEncoding.decode(raw, false);
    if (decoded.startsWith("/")) {
      decoded = decoded.substring(1);
    }
    int slash = decoded.indexOf('/');
    if (slash <= 0 || slash == decoded.length() - 1) {
      throw S3Exception.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
          "x-amz-copy-source", header);
    }
    return new Source(decoded.substring(0, slash), decoded.substring(slash + 1));
  }

  /**
   * Copies the source's bytes: into memory, to store inline, when the object is small enough
   * (whether the source is inline or not), else into one file in the destination's home group.
   */
  private Future<Copied> copyBytes(ObjectEntry src, BucketInfo dst) {
    if (src.size() > 0 && src.size() <= backend.config().inlineMaxSize()) {
      return InlineBytes.load(backend, src).compose(data -> {
        BodyDigests md5 = new BodyDigests(true, false, null);
        md5.update(io.vertx.core.buffer.Buffer.buffer(data));
        if (!src.isMultipart() && !md5.md5Hex().equals(src.etag())) {
          return Future.failedFuture(S3Exception.of(S3Error.INTERNAL_ERROR, "The source does not match its ETag."));
        }
        return Future.succeededFuture(new Copied(null, md5.md5Hex(), data));
      }).recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)));
    }
    return copyRange(backend, src, 0, src.size(), dst.homeGroup());
  }

  /**
   * Copies {@code length} bytes of {@code src} from {@code offset} into a new file of {@code group},
   * re-hashing them; a whole single-part source must still match its ETag.
   */
  static Future<Copied> copyRange(Backend backend, ObjectEntry src, long offset, long length, String group) {
    if (length == 0) {
      return Future.succeededFuture(new Copied(null, EMPTY_MD5, null));
    }
    boolean whole = offset == 0 && length == src.size() && !src.isMultipart();
    return backend.cluster().trackers()
        .queryStore(group)
        .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.SERVICE_UNAVAILABLE)))
        .compose(target -> {
          StreamBridge bridge = new StreamBridge();
          BodyDigests md5 = new BodyDigests(true, false, null);
          DigestingWriter writer = new DigestingWriter(bridge, md5);
          Future<FileId> up = backend.storage().upload(target, "", bridge, length, false)
              .onFailure(bridge::fail);
          Future<Void> down = backend.download(src, offset, length, writer)
              .compose(n -> bridge.end())
              .onFailure(bridge::fail);
          return Future.all(up, down).transform(ar -> {
            if (ar.succeeded() && (!whole || md5.md5Hex().equals(src.etag()))) {
              return Future.succeededFuture(new Copied(up.result().toString(), md5.md5Hex(), null));
            }
            Throwable cause = ar.succeeded()
                ? new IllegalStateException("copy of " + src.fileId() + " does not match its ETag")
                : ar.cause();
            Future<Void> cleanup = up.succeeded() ? backend.deleteFileQuietly(up.result().toString())
                : Future.succeededFuture();
            return cleanup.transform(x -> Future.failedFuture(ErrorMapper.toS3(cause, S3Error.INTERNAL_ERROR)));
          });
        });
  }

  static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  /** The copied bytes: their file (null when empty or inline), MD5 and, to store inline, the bytes. */
  record Copied(String fileId, String md5, byte[] data) {}

  private Future<Void> commit(RequestContext ctx, HostPort server, BucketInfo dst, ObjectEntry src, Copied copied,
                              boolean replace) {
    MultiMap h = ctx.request().headers();
    String fileId = copied.fileId();
    ObjectEntry entry;
    try {
      String contentType = replace ? ObjectHeaders.contentType(h) : src.contentType();
      Map<String, String> headers = replace ? ObjectHeaders.contentHeaders(h) : src.headers();
      Map<String, String> userMeta = replace ? ObjectHeaders.userMeta(h) : src.userMeta();
      long now = System.currentTimeMillis();
      entry = copied.data() != null
          ? ObjectEntry.inline(copied.data(), copied.md5(), contentType, headers, userMeta, src.checksums(), now)
          : new ObjectEntry(fileId, src.size(), copied.md5(), contentType, headers, userMeta, src.checksums(), now);
    } catch (RuntimeException e) {
      return backend.deleteFileQuietly(fileId).transform(ar -> Future.failedFuture(e));
    }
    return backend.index().putReplacing(server, dst.name(), ctx.key(), entry.toJson(), entry.inline())
        .recover(e -> backend.deleteFileUnlessIndexed(fileId, e)
            .transform(ar -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR))))
        .compose(replaced -> {
          backend.deleteFilesQuietly(replaced == null ? null : ObjectEntry.fromJson(replaced), entry);
          XmlWriter w = XmlWriter.withDeclaration();
          w.start("CopyObjectResult", "xmlns", XmlWriter.S3_NAMESPACE)
              .element("LastModified", HttpDates.iso8601(entry.lastModified()))
              .element("ETag", entry.quotedEtag());
          for (Map.Entry<String, String> c : entry.checksums().entrySet()) {
            w.element("Checksum" + c.getKey().toUpperCase(Locale.ROOT), c.getValue());
          }
          w.end();
          return ctx.sendXml(w);
        });
  }

  /** Passes writes through to a bridge, hashing them on the way. */
  private static final class DigestingWriter extends ForwardingWriteStream {
    private final BodyDigests digests;

    DigestingWriter(StreamBridge out, BodyDigests digests) {
      super(out);
      this.digests = digests;
    }

    @Override
    public DigestingWriter exceptionHandler(Handler<Throwable> h) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      digests.update(data);
      return out.write(data);
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }
  }
}
