package io.stowage.storage.binlog;

import java.nio.charset.StandardCharsets;

/**
 * One binlog line: {@code <unix seconds> <op> <remote filename>[ <extra>]}, FastDFS's format.
 * Operation letters are FastDFS's: {@code C} create, {@code D} delete, {@code A} append,
 * {@code M} modify, {@code T} truncate, {@code U} update metadata, {@code L} link (slave file),
 * {@code R} rename; upper case = the change originated on this server, lower case = replicated from
 * a peer. Extras used here: A and M {@code <offset> <length>}, T {@code <old size> <new size>},
 * L {@code <master filename>}, R {@code <old filename>}. U names the metadata file
 * ({@code <filename>-m}), as FastDFS does.
 */
public record BinlogRecord(long timestamp, char op, String filename, String extra) {
  public static final String OPS = "CDAMTULR";

  public static final char CREATE = 'C';
  public static final char DELETE = 'D';
  public static final char APPEND = 'A';
  public static final char MODIFY = 'M';
  public static final char TRUNCATE = 'T';
  public static final char UPDATE_META = 'U';
  public static final char LINK = 'L';
  public static final char RENAME = 'R';

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
  }

  public static BinlogRecord now(char op, String filename, String extra) {
    return new BinlogRecord(System.currentTimeMillis() / 1000, op, filename, extra);
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
