package io.stowage.s3.http;

import io.stowage.s3.auth.AuthResult;
import io.stowage.s3.auth.AwsChunkedDecoder;
import io.stowage.s3.auth.PayloadMode;
import io.stowage.s3.checksum.BodyDigests;
import io.stowage.s3.checksum.ChecksumAlgorithm;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A request body as the handlers see it: aws-chunked framing decoded (chunk signatures checked as
 * they arrive), every data byte digested once (MD5, the payload SHA-256 when signed, the requested
 * additional checksum), back-pressure passed through to the client's socket. Bad chunk framing or a
 * bad chunk signature fails the stream; whole-body checks (x-amz-content-sha256, Content-MD5,
 * x-amz-checksum-* header or trailer) are made by {@link #verify()} once the stream has ended, so a
 * handler can still remove what it stored. Nothing is buffered beyond one network read.
 */
public final class RequestBody implements ReadStream<Buffer> {
  private final HttpServerRequest request;
  private final AuthResult auth;
  private final long length;
  private final AwsChunkedDecoder decoder;
  private final BodyDigests digests;
  private final ChecksumAlgorithm checksum;
  private final String checksumHeaderValue;
  private final String trailerName;

  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long received;
  private boolean ended;
  private Throwable failure;

  private RequestBody(HttpServerRequest request, AuthResult auth, long length, ChecksumAlgorithm checksum,
                      String checksumHeaderValue, String trailerName) {
    this.request = request;
    this.auth = auth;
    this.length = length;
    this.checksum = checksum;
    this.checksumHeaderValue = checksumHeaderValue;
    this.trailerName = trailerName;
    PayloadMode mode = auth.payloadMode();
    this.digests = new BodyDigests(true, mode == PayloadMode.SIGNED, checksum);
    this.decoder = mode.isStreaming()
        ? AwsChunkedDecoder.forRequest(mode, auth.signing(), request.headers(), this::emit)
        : null;
    request.handler(this::onRaw);
    request.endHandler(v -> onEnd());
    request.exceptionHandler(this::fail);
  }

  /**
   * Opens the body of an authenticated request (the request must still be paused).
   *
   * @param maxLength larger bodies fail with EntityTooLarge before anything is read
   * @param required  whether a missing length is MissingContentLength (PUT) rather than an empty body
   */
  static RequestBody open(HttpServerRequest request, AuthResult auth, long maxLength, boolean required) {
    MultiMap h = request.headers();
    long length = declaredLength(h, auth.payloadMode(), required);
    if (length > maxLength) {
      throw S3Exception.of(S3Error.ENTITY_TOO_LARGE)
          .withDetail("ProposedSize", Long.toString(length))
          .withDetail("MaxSizeAllowed", Long.toString(maxLength));
    }
    Set<String> trailers = AwsChunkedDecoder.parseTrailerHeader(h.get("x-amz-trailer"));
    ChecksumAlgorithm alg = null;
    String trailerName = null;
    for (String t : trailers) {
      ChecksumAlgorithm a = ChecksumAlgorithm.fromHeaderName(t);
      if (a != null) {
        if (alg != null) {
          throw multipleChecksums();
        }
        alg = a;
        trailerName = t;
      }
    }
    if (trailerName != null && !auth.payloadMode().hasTrailer()) {
      throw S3Exception.of(S3Error.INVALID_REQUEST,
          "x-amz-trailer is only allowed with a STREAMING-*-TRAILER x-amz-content-sha256");
    }
    String headerValue = null;
    for (String name : h.names()) {
      ChecksumAlgorithm a = ChecksumAlgorithm.fromHeaderName(name);
      if (a != null) {
        if (alg != null) {
          throw multipleChecksums();
        }
        alg = a;
        headerValue = h.get(name);
      }
    }
    if (alg == null) {
      String sdk = h.get("x-amz-sdk-checksum-algorithm");
      if (sdk != null && !sdk.isBlank()) {
        alg = ChecksumAlgorithm.fromName(sdk);
      }
    }
    if (h.contains("content-md5")) {
      BodyDigests.parseContentMd5(h.get("content-md5"));
    }
    return new RequestBody(request, auth, length, alg, headerValue, trailerName);
  }

  private static long declaredLength(MultiMap h, PayloadMode mode, boolean required) {
    String v = mode.isStreaming() ? h.get("x-amz-decoded-content-length") : h.get("content-length");
    if (v == null) {
      if (mode.isStreaming() || required) {
        throw S3Exception.of(S3Error.MISSING_CONTENT_LENGTH);
      }
      return 0;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw S3Exception.invalidArgument("Invalid content length", mode.isStreaming()
        ? "x-amz-decoded-content-length" : "Content-Length", v);
  }

  private static S3Exception multipleChecksums() {
    return S3Exception.of(S3Error.INVALID_REQUEST,
        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
  }

  /** Decoded length the client declared. */
  public long length() {
    return length;
  }

  /** Decoded bytes delivered so far. */
  public long received() {
    return received;
  }

  public boolean ended() {
    return ended;
  }

  public BodyDigests digests() {
    return digests;
  }

  /**
   * After the end: checks x-amz-content-sha256, Content-MD5 and the additional checksum (header or
   * trailer), and returns the checksums to store ({@code {"CRC32": base64}}, empty when none).
   */
  public Map<String, String> verify() {
    if (!ended) {
      throw new IllegalStateException("body not read to the end");
    }
    if (auth.payloadMode() == PayloadMode.SIGNED) {
      digests.verifyContentSha256(auth.contentSha256());
    }
    String md5 = request.headers().get("content-md5");
    if (md5 != null) {
      digests.verifyContentMd5(md5);
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (checksum != null) {
      String expected = checksumHeaderValue;
      if (trailerName != null) {
        expected = decoder.trailers().get(trailerName);
      }
      if (expected != null) {
        digests.verifyChecksum(expected);
      }
      out.put(checksum.awsName(), digests.checksumBase64());
    }
    return out;
  }

  private void onRaw(Buffer b) {
    if (failure != null) {
      return;
    }
    try {
      if (decoder != null) {
        decoder.handle(b);
      } else {
        emit(b);
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void emit(Buffer data) {
    received += data.length();
    if (received > length) {
      throw S3Exception.of(S3Error.INCOMPLETE_BODY);
    }
    digests.update(data);
    Handler<Buffer> h = handler;
    if (h != null) {
      h.handle(data);
    }
  }

  private void onEnd() {
    if (failure != null) {
      return;
    }
    try {
      if (decoder != null) {
        decoder.end();
      }
      if (received != length) {
        throw S3Exception.of(S3Error.INCOMPLETE_BODY);
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    ended = true;
    Handler<Void> h = endHandler;
    if (h != null) {
      h.handle(null);
    }
  }

  private void fail(Throwable t) {
    if (failure != null || ended) {
      return;
    }
    failure = t instanceof S3Exception ? t : S3Exception.of(S3Error.INCOMPLETE_BODY);
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(failure);
    }
  }

  @Override
  public RequestBody exceptionHandler(Handler<Throwable> h) {
    exceptionHandler = h;
    return this;
  }

  @Override
  public RequestBody handler(Handler<Buffer> h) {
    handler = h;
    return this;
  }

  @Override
  public RequestBody pause() {
    request.pause();
    return this;
  }

  @Override
  public RequestBody resume() {
    request.resume();
    return this;
  }

  @Override
  public RequestBody fetch(long amount) {
    request.fetch(amount);
    return this;
  }

  @Override
  public RequestBody endHandler(Handler<Void> h) {
    endHandler = h;
    return this;
  }
}
