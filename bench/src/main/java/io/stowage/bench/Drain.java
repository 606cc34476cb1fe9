package io.stowage.bench;

import java.io.IOException;
import java.io.InputStream;

/** Reads a response body to its end into a reused buffer: the bytes are counted, not kept. */
final class Drain {
  private Drain() {}

  static long all(InputStream in, byte[] buffer) throws IOException {
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
