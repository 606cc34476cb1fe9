package io.stowage.bench;

import java.util.Locale;

/** What one benchmark request does. */
enum Operation {
  /** PutObject of a new key. */
  PUT,
  /** GetObject of a pre-uploaded object, read to the end and dropped. */
  GET,
  /** GET or PUT, chosen at random per request ({@code --mixed-get-percent}). */
  MIXED,
  /** One ListObjectsV2 page over a pre-filled prefix; each worker walks the pages with continuation tokens. */
  LIST,
  /** DeleteObject of an object put earlier (by a put case, or by the fill step). */
  DELETE,
  /** CreateMultipartUpload, the parts ({@code --part-size}) one after another, CompleteMultipartUpload. */
  MULTIPART;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Operation parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown operation '" + text + "' (put, get, mixed, list, delete, multipart)");
    }
  }
}
