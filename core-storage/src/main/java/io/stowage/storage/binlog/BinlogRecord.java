package io.stowage.storage.binlog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One binlog line: {@code <unix seconds> <op> <remote filename>[ <extra>]}, FastDFS's format.
 * Operation letters are FastDFS's: {@code C} create, {@code D} delete, {@code A} append,
 * {@code M} modify, {@code T} truncate, {@code U} update metadata, {@code L} link (slave file),
 * {@code R} rename; upper case = the change originated on this server, lower case = replicated from
 * a peer. Extras used here: A and M {@code <offset> <length>}, T {@code <old size> <new size>},
 * L {@code <master filename>}, R {@code <old filename>}. U names the metadata file
 * ({@code <filename>-m}), as FastDFS does. Stowage's index changes X (put) and Y (delete) carry the
 * bucket (base64url) as filename and {@code <key base64url>,<hlc>,<node>} as extra: the key and the
 * version the change wrote, so a peer catching up can tell it already holds that version without
 * asking for the entry. Lines written before the version was logged have the key alone.
 */
public record BinlogRecord(long timestamp, char op, String filename, String extra) {
  public static final String OPS = "CDAMTULRXY";

  public static final char CREATE = 'C';
  public static final char DELETE = 'D';
  public static final char APPEND = 'A';
  public static final char MODIFY = 'M';
  public static final char TRUNCATE = 'T';
  public static final char UPDATE_META = 'U';
  public static final char LINK = 'L';
  public static final char RENAME = 'R';
  public static final char INDEX_PUT = 'X';
  public static final char INDEX_DELETE = 'Y';

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  public BinlogRecord {
    if (timestamp < 0) {
      throw new IllegalArgumentException("negative timestamp");
    }
    if (OPS.indexOf(Character.toUpperCase(op)) < 0) {
      throw new IllegalArgumentException("unknown binlog op " + op);
    }
    if (filename == null || filename.isEmpty() || !noSpace(filename)) {
      throw new IllegalArgumentException("bad binlog filename");
    }
    if (extra != null && (extra.isEmpty() || extra.indexOf('\n') >= 0 || extra.indexOf('\r') >= 0)) {
      throw new IllegalArgumentException("bad binlog extra");
    }
    char u = Character.toUpperCase(op);
    if ((u == INDEX_PUT || u == INDEX_DELETE) && (extra == null || !noSpace(extra))) {
      throw new IllegalArgumentException("index record without key");
    }
  }

  public static BinlogRecord now(char op, String filename, String extra) {
    return new BinlogRecord(System.currentTimeMillis() / 1000, op, filename, extra);
  }

  /** The version an index change wrote: hybrid logical clock, then the writing server's ID. */
  public record IndexVersion(long hlc, int node) {}

  /** An index change ({@link #INDEX_PUT} or {@link #INDEX_DELETE}) of one key of a bucket, writing {@code version}. */
  public static BinlogRecord index(char op, String bucket, byte[] key, IndexVersion version) {
    if (Character.toUpperCase(op) != INDEX_PUT && Character.toUpperCase(op) != INDEX_DELETE) {
      throw new IllegalArgumentException("not an index op: " + op);
    }
    return now(op, indexBucketField(bucket), indexKeyField(key, version));
  }

  /** The filename field of an index record: the bucket name, base64url without padding. */
  public static String indexBucketField(String bucket) {
    return B64.encodeToString(bucket.getBytes(StandardCharsets.UTF_8));
  }

  /** The extra field of an index record: the key's UTF-8 bytes, base64url without padding, and the version written. */
  public static String indexKeyField(byte[] key, IndexVersion version) {
    return B64.encodeToString(key) + ',' + version.hlc() + ',' + version.node();
  }

  /** Whether this is a key-index change (X/Y, either case) rather than a file change. */
  public boolean indexOp() {
    char u = Character.toUpperCase(op);
    return u == INDEX_PUT || u == INDEX_DELETE;
  }

  /** The bucket of an index record. */
  public String indexBucket() {
    requireIndexOp();
    return new String(B64_DECODE.decode(filename), StandardCharsets.UTF_8);
  }

  /** The key (UTF-8 bytes) of an index record. */
  public byte[] indexKey() {
    requireIndexOp();
    int comma = extra.indexOf(',');
    return B64_DECODE.decode(comma < 0 ? extra : extra.substring(0, comma));
  }

  /** The version an index record wrote; null for a line logged without one. */
  public IndexVersion indexVersion() {
    requireIndexOp();
    int c1 = extra.indexOf(',');
    int c2 = c1 < 0 ? -1 : extra.indexOf(',', c1 + 1);
    if (c2 < 0) {
      return null;
    }
    try {
      return new IndexVersion(Long.parseLong(extra.substring(c1 + 1, c2)), Integer.parseInt(extra.substring(c2 + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad index record version: " + extra, e);
    }
  }

  private void requireIndexOp() {
    if (!indexOp() || extra == null) {
      throw new IllegalStateException("not an index record: " + op);
    }
  }

  /** Whether the change originated on this server (upper case) rather than being replicated. */
  public boolean local() {
    return Character.isUpperCase(op);
  }

  /** The same change as recorded by a peer that replicated it (lower case letter). */
  public BinlogRecord asReplicated() {
    return new BinlogRecord(timestamp, Character.toLowerCase(op), filename, extra);
  }

  public String line() {
    return timestamp + " " + op + " " + filename + (extra == null ? "" : " " + extra) + "\n";
  }

  public byte[] bytes() {
    return line().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a line without its trailing newline; throws IllegalArgumentException when malformed. */
  public static BinlogRecord parse(String line) {
    int s1 = line.indexOf(' ');
    if (s1 <= 0 || line.length() < s1 + 4 || line.charAt(s1 + 2) != ' ') {
      throw new IllegalArgumentException("malformed binlog line");
    }
    long ts;
    try {
      ts = Long.parseLong(line.substring(0, s1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed binlog timestamp");
    }
    char op = line.charAt(s1 + 1);
    String rest = line.substring(s1 + 3);
    int s3 = rest.indexOf(' ');
    String file = s3 < 0 ? rest : rest.substring(0, s3);
    String extra = s3 < 0 ? null : rest.substring(s3 + 1);
    return new BinlogRecord(ts, op, file, extra);
  }

  private static boolean noSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
