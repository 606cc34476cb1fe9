package io.stowage.s3.handler;

import io.stowage.common.client.IndexClient;
import io.stowage.common.client.IndexEntry;
import io.stowage.common.client.IndexPage;
import io.stowage.common.config.HostPort;
import io.stowage.s3.auth.AwsUriEncoding;
import io.stowage.s3.auth.QueryParams;
import io.stowage.s3.error.ErrorMapper;
import io.stowage.s3.error.S3Error;
import io.stowage.s3.error.S3Exception;
import io.stowage.s3.http.HttpDates;
import io.stowage.s3.xml.XmlWriter;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a listing, shared by ListObjects v1 and v2, read from the key index in UTF-8 byte
 * order. With a delimiter, each common prefix is emitted once and the scan then jumps past every key
 * under it (startAfter = prefix + U+10FFFF, the greatest code point), so a page costs index reads in
 * proportion to the page, not to the number of keys folded into its prefixes.
 */
final class Listing {
  /** Greatest code point: in UTF-8 byte order it sorts after every continuation a key can have. */
  static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));
  static final int MAX_KEYS = 1000;

  /** A listed object. */
  record Item(String key, ObjectEntry entry) {}

  /**
   * @param lastItem the last key or common prefix returned: where the next page starts (marker / token)
   */
  record Page(List<Item> contents, List<String> prefixes, boolean truncated, String lastItem) {}

  private Listing() {}

  /**
   * Lists up to {@code maxKeys} keys and common prefixes after {@code marker} (exclusive; a common
   * prefix at or before the marker is skipped entirely).
   */
  static Future<Page> list(IndexClient index, HostPort server, String bucket, String prefix, String delimiter,
                           String marker, int maxKeys) {
    State s = new State(index, server, bucket, prefix == null ? "" : prefix,
        delimiter == null || delimiter.isEmpty() ? null : delimiter, marker == null || marker.isEmpty() ? null : marker,
        maxKeys);
    if (maxKeys == 0) {
      return Future.succeededFuture(new Page(List.of(), List.of(), false, null));
    }
    return s.next();
  }

  private static final class State {
    final IndexClient index;
    final HostPort server;
    final String bucket;
    final String prefix;
    final String delimiter;
    final String marker;
    final int maxKeys;
    final List<Item> contents = new ArrayList<>();
    final List<String> prefixes = new ArrayList<>();
    String startAfter;
    String lastPrefix;
    String lastItem;

    State(IndexClient index, HostPort server, String bucket, String prefix, String delimiter, String marker,
          int maxKeys) {
      this.index = index;
      this.server = server;
      this.bucket = bucket;
      this.prefix = prefix;
      this.delimiter = delimiter;
      this.marker = marker;
      this.maxKeys = maxKeys;
      this.startAfter = marker;
    }

    int count() {
      return contents.size() + prefixes.size();
    }

    Future<Page> next() {
      int want = maxKeys - count() + 1;
      int limit = Math.min(want, delimiter == null ? MAX_KEYS : 100);
      return index.list(server, bucket, prefix.isEmpty() ? null : prefix, startAfter, Math.max(limit, 1))
          .recover(e -> Future.failedFuture(ErrorMapper.toS3(e, S3Error.INTERNAL_ERROR)))
          .compose(this::consume);
    }

    private Future<Page> consume(IndexPage page) {
      String lastSeen = null;
      for (IndexEntry e : page.entries()) {
        String key = e.key();
        lastSeen = key;
        if (lastPrefix != null && key.startsWith(lastPrefix)) {
          startAfter = key;
          continue;
        }
        if (delimiter != null) {
          int i = key.indexOf(delimiter, prefix.length());
          if (i >= 0) {
            String cp = key.substring(0, i + delimiter.length());
            if (marker != null && compareUtf8(cp, marker) <= 0) {
              lastPrefix = cp;
              startAfter = key;
              continue;
            }
            if (count() == maxKeys) {
              return done(true);
            }
            prefixes.add(cp);
            lastPrefix = cp;
            lastItem = cp;
            startAfter = key;
            continue;
          }
        }
        if (count() == maxKeys) {
          return done(true);
        }
        contents.add(new Item(key, ObjectEntry.fromJson(e.entry())));
        lastItem = key;
        startAfter = key;
      }
      if (!page.truncated()) {
        return done(false);
      }
      if (lastPrefix != null && lastSeen != null && lastSeen.startsWith(lastPrefix)) {
        startAfter = lastPrefix + MAX_CHAR;
      }
      return next();
    }

    private Future<Page> done(boolean truncated) {
      return Future.succeededFuture(new Page(contents, prefixes, truncated, lastItem));
    }
  }

  /** Compares strings in UTF-8 byte order (code point order, unlike {@link String#compareTo}). */
  static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** max-keys: 0..1000 (larger is capped), default 1000; anything else is InvalidArgument. */
  static int maxKeys(QueryParams params) {
    String v = params.get("max-keys");
    if (v == null) {
      return MAX_KEYS;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return (int) Math.min(n, MAX_KEYS);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw S3Exception.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", v);
  }

  /** Whether {@code encoding-type=url} was asked for; other values are InvalidArgument. */
  static boolean urlEncoding(QueryParams params) {
    String v = params.get("encoding-type");
    if (v == null) {
      return false;
    }
    if (v.equals("url")) {
      return true;
    }
    throw S3Exception.of(S3Error.INVALID_ENCODING_TYPE).withDetail("ArgumentName", "encoding-type")
        .withDetail("ArgumentValue", v);
  }

  /** A key or prefix as written in the XML: URL-encoded ({@code /} kept) when asked. */
  /**
   * The Contents and CommonPrefixes of a ListObjects (v1 or v2) answer, in AWS's element order; an
   * owner is written only when given (always for v1, with fetch-owner for v2).
   */
  static void writeEntries(XmlWriter w, Page page, boolean url, String owner) {
    for (Item item : page.contents()) {
      ObjectEntry e = item.entry();
      w.start("Contents")
          .element("Key", out(item.key(), url))
          .element("LastModified", HttpDates.iso8601(e.lastModified()))
          .element("ETag", e.quotedEtag())
          .element("Size", e.size());
      if (owner != null) {
        w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
      }
      w.element("StorageClass", "STANDARD").end();
    }
    for (String cp : page.prefixes()) {
      w.start("CommonPrefixes").element("Prefix", out(cp, url)).end();
    }
  }

  static String out(String s, boolean url) {
    return s == null || !url ? s : AwsUriEncoding.encode(s, true);
  }
}
