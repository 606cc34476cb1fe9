package io.stowage.bench;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** One random body per object size, made once and sent by every request of that size (never written to disk). */
final class Payloads {
  private final Map<Long, byte[]> bySize = new ConcurrentHashMap<>();

  byte[] of(long size) {
    return bySize.computeIfAbsent(size, s -> {
      byte[] b = new byte[Math.toIntExact(s)];
      new Random(s).nextBytes(b);
      return b;
    });
  }
}
