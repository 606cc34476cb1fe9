package io.stowage.s3.auth;

import io.stowage.s3.checksum.BufferBytes;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Push-style decoder of {@code Content-Encoding: aws-chunked} bodies:
 * <pre>
 *   hex-size[;chunk-signature=sig] CRLF data CRLF ... 0[;chunk-signature=sig] CRLF
 *   [trailer-name:value CRLF ... [x-amz-trailer-signature:sig CRLF]] CRLF
 * </pre>
 * Feed it the request's Buffers in any split with {@link #handle(Buffer)}, then call
 * {@link #end()}. Decoded data goes to the data handler as slices of the input (no copy, nothing
 * accumulated); only one chunk-header or trailer line (at most {@value #MAX_LINE} bytes) is buffered.
 * <p>
 * Signed chunks are hashed incrementally and checked when the chunk ends, so data of a chunk with
 * a bad signature has already been emitted: the caller must treat any exception from
 * {@code handle}/{@code end} as fatal for the upload and discard what it wrote. After a failure
 * every further call rethrows the same exception. Not thread-safe; one per request.
 */
public final class AwsChunkedDecoder {
    /** Longest chunk-header or trailer line accepted (real ones are under 100 bytes). */
    public static final int MAX_LINE = 4096;
    /** Trailer lines accepted (the SDKs send one checksum plus the signature). */
    public static final int MAX_TRAILER_LINES = 16;

    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private enum State { HEADER, DATA, DATA_CRLF, TRAILER, DONE }

    private final ChunkSignatureChain chain;
    private final boolean trailerAllowed;
    private final boolean trailerSigned;
    private final long declaredLength;
    private final Set<String> declaredTrailers;
    private final Handler<Buffer> dataHandler;

    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private final byte[] scratch = new byte[BufferBytes.SCRATCH_SIZE];
    private final MessageDigest chunkDigest;

    private State state = State.HEADER;
    private long chunkRemaining;
    private String chunkSignature;
    private int crlfSeen;
    private long decoded;
    private int blankLinesBeforeTrailers;
    private int trailerLines;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private String trailerSignature;
    private S3Exception failure;

    /**
     * @param mode             a streaming mode ({@link PayloadMode#isStreaming()})
     * @param signing          from the verified request; required when the mode has chunk signatures
     * @param decodedLength    {@code x-amz-decoded-content-length}, or -1 if unknown
     * @param declaredTrailers lower-case names from {@code x-amz-trailer}; each must arrive
     * @param dataHandler      receives decoded data slices, in order
     */
    public AwsChunkedDecoder(PayloadMode mode, SigningContext signing, long decodedLength,
                             Set<String> declaredTrailers, Handler<Buffer> dataHandler) {
        if (!mode.isStreaming()) {
            throw new IllegalArgumentException("not a streaming payload mode: " + mode);
        }
        if (mode.hasChunkSignatures() && signing == null) {
            throw new IllegalArgumentException(mode + " needs a signing context");
        }
        this.chain = mode.hasChunkSignatures() ? signing.newChain() : null;
        this.chunkDigest = chain == null ? null : Crypto.newSha256();
        this.trailerAllowed = mode.hasTrailer();
        this.trailerSigned = mode == PayloadMode.STREAMING_SIGNED_TRAILER;
        this.declaredLength = decodedLength;
        this.declaredTrailers = Set.copyOf(declaredTrailers);
        this.dataHandler = dataHandler;
    }

    /**
     * Builds a decoder from the request headers: {@code x-amz-decoded-content-length} (required)
     * and {@code x-amz-trailer}.
     */
    public static AwsChunkedDecoder forRequest(PayloadMode mode, SigningContext signing, MultiMap headers,
                                               Handler<Buffer> dataHandler) {
        String len = headers.get("x-amz-decoded-content-length");
        if (len == null) {
            throw S3Exception.of(S3Error.MISSING_CONTENT_LENGTH,
                    "You must provide the x-amz-decoded-content-length HTTP header.");
        }
        long decodedLength;
        try {
            decodedLength = Long.parseLong(len.strip());
        } catch (NumberFormatException e) {
            decodedLength = -1;
        }
        if (decodedLength < 0) {
            throw S3Exception.invalidArgument("Invalid x-amz-decoded-content-length",
                    "x-amz-decoded-content-length", len);
        }
        return new AwsChunkedDecoder(mode, signing, decodedLength, parseTrailerHeader(headers.get("x-amz-trailer")),
                dataHandler);
    }

    /** {@code x-amz-trailer: x-amz-checksum-crc32, other} into lower-case names. */
    public static Set<String> parseTrailerHeader(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : value.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Decodes the next piece of the body. */
    public void handle(Buffer piece) {
        if (failure != null) {
            throw failure;
        }
        try {
            process(piece);
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
    }

    /** Call when the request body has ended; fails unless the body was complete and consistent. */
    public void end() {
        if (failure != null) {
            throw failure;
        }
        try {
            if (state == State.TRAILER && lineLength == 0) {
                // Tolerate a body whose final empty line is missing after the last trailer line.
                finishTrailers();
            }
            if (state != State.DONE) {
                throw S3Exception.of(S3Error.INCOMPLETE_BODY);
            }
            if (declaredLength >= 0 && decoded != declaredLength) {
                throw S3Exception.of(S3Error.INCOMPLETE_BODY);
            }
        } catch (S3Exception e) {
            failure = e;
            throw e;
        }
    }

    /** Decoded bytes emitted so far. */
    public long decodedLength() {
        return decoded;
    }

    public boolean isComplete() {
        return state == State.DONE && failure == null;
    }

    /** Trailers received (lower-case names, without the trailer signature); complete after {@link #end()}. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    private void process(Buffer b) {
        int pos = 0;
        int len = b.length();
        while (pos < len) {
            switch (state) {
                case HEADER, TRAILER -> pos = readLine(b, pos, len);
                case DATA -> pos = readData(b, pos, len);
                case DATA_CRLF -> {
                    byte expected = crlfSeen == 0 ? (byte) '\r' : (byte) '\n';
                    if (b.getByte(pos) != expected) {
                        throw malformed("chunk data is not followed by CRLF");
                    }
                    pos++;
                    if (++crlfSeen == 2) {
                        state = State.HEADER;
                    }
                }
                case DONE -> throw malformed("data after the end of the aws-chunked body");
            }
        }
    }

    private int readLine(Buffer b, int pos, int len) {
        int limit = Math.min(len, pos + (MAX_LINE - lineLength) + 1);
        int nl = -1;
        for (int i = pos; i < limit; i++) {
            if (b.getByte(i) == '\n') {
                nl = i;
                break;
            }
        }
        int end = nl < 0 ? limit : nl;
        if (lineLength + (end - pos) > MAX_LINE) {
            throw malformed("chunk header or trailer line too long");
        }
        b.getBytes(pos, end, line, lineLength);
        lineLength += end - pos;
        if (nl < 0) {
            return end;
        }
        int n = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        if (state == State.HEADER) {
            onChunkHeader(text);
        } else {
            onTrailerLine(text);
        }
        return nl + 1;
    }

    private int readData(Buffer b, int pos, int len) {
        int n = (int) Math.min(chunkRemaining, len - pos);
        if (chunkDigest != null) {
            BufferBytes.forEach(b, pos, pos + n, scratch, chunkDigest::update);
        }
        chunkRemaining -= n;
        decoded += n;
        dataHandler.handle(b.slice(pos, pos + n));
        if (chunkRemaining == 0) {
            if (chain != null) {
                chain.verifyChunk(chunkDigest.digest(), chunkSignature);
            }
            state = State.DATA_CRLF;
            crlfSeen = 0;
        }
        return pos + n;
    }

    private void onChunkHeader(String header) {
        int semi = header.indexOf(';');
        String sizeText = (semi < 0 ? header : header.substring(0, semi)).strip();
        if (sizeText.isEmpty() || sizeText.length() > 15
                || !sizeText.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw malformed("invalid chunk size");
        }
        long size = Long.parseLong(sizeText, 16);
        chunkSignature = null;
        if (semi >= 0) {
            for (String ext : header.substring(semi + 1).split(";")) {
                int eq = ext.indexOf('=');
                if (eq > 0 && ext.substring(0, eq).strip().equals("chunk-signature")) {
                    chunkSignature = ext.substring(eq + 1).strip();
                }
            }
        }
        if (chain != null && chunkSignature == null) {
            throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH, "A chunk-signature is missing.");
        }
        if (declaredLength >= 0 && decoded + size > declaredLength) {
            throw S3Exception.invalidArgument(
                    "The aws-chunked body is longer than x-amz-decoded-content-length",
                    "x-amz-decoded-content-length", Long.toString(declaredLength));
        }
        if (size == 0) {
            if (chain != null) {
                chain.verifyChunk(chunkDigest.digest(), chunkSignature);
            }
            state = State.TRAILER;
        } else {
            chunkRemaining = size;
            state = State.DATA;
        }
    }

    private void onTrailerLine(String text) {
        if (text.isEmpty()) {
            if (trailerLines == 0 && trailerAllowed && blankLinesBeforeTrailers == 0) {
                // AWS's own trailer example puts a blank line between the last chunk and the trailers;
                // if nothing follows, end() accepts the body here.
                blankLinesBeforeTrailers++;
                return;
            }
            finishTrailers();
            return;
        }
        if (!trailerAllowed) {
            throw S3Exception.of(S3Error.MALFORMED_TRAILER);
        }
        if (++trailerLines > MAX_TRAILER_LINES) {
            throw S3Exception.of(S3Error.MALFORMED_TRAILER);
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw S3Exception.of(S3Error.MALFORMED_TRAILER);
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        if (name.equals(TRAILER_SIGNATURE)) {
            trailerSignature = value;
        } else {
            trailers.put(name, value);
        }
    }

    private void finishTrailers() {
        for (String name : declaredTrailers) {
            if (!trailers.containsKey(name)) {
                throw S3Exception.of(S3Error.MALFORMED_TRAILER,
                        "The trailer " + name + " was declared in x-amz-trailer but not sent.");
            }
        }
        if (trailerSigned && !trailers.isEmpty()) {
            if (trailerSignature == null) {
                throw S3Exception.of(S3Error.SIGNATURE_DOES_NOT_MATCH, "The x-amz-trailer-signature is missing.");
            }
            chain.verifyTrailer(canonicalTrailers(trailers), trailerSignature);
        }
        state = State.DONE;
    }

    /** {@code name:value\n} per trailer, sorted by name: what the trailer signature covers. */
    static String canonicalTrailers(Map<String, String> trailers) {
        List<String> names = new ArrayList<>(trailers.keySet());
        Collections.sort(names);
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(n).append(':').append(trailers.get(n)).append('\n');
        }
        return sb.toString();
    }

    private static S3Exception malformed(String what) {
        return S3Exception.invalidArgument("Malformed aws-chunked body: " + what, "Content-Encoding", "aws-chunked");
    }
}
