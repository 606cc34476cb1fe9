package io.stowage.admin.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed logins from one address within
 * {@link #WINDOW_MS}, that address is refused for {@link #BLOCK_MS}. Bounded (forgets everything
 * when tracking more than {@link #MAX_ADDRESSES}); confined to the admin event loop.
 */
public final class LoginThrottle {
  public static final int MAX_FAILURES = 10;
  public static final long WINDOW_MS = 60_000;
  public static final long BLOCK_MS = 60_000;
  static final int MAX_ADDRESSES = 10_000;

  private final Map<String, long[]> byAddress = new HashMap<>(); // {window start, failures, blocked until}
  private final LongSupplier clock;

  public LoginThrottle(LongSupplier clock) {
    this.clock = clock;
  }

  public boolean blocked(String address) {
    long[] e = byAddress.get(address);
    return e != null && clock.getAsLong() < e[2];
  }

  public void failed(String address) {
    long now = clock.getAsLong();
    if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(address)) {
      byAddress.clear();
    }
    long[] e = byAddress.computeIfAbsent(address, k -> new long[] {now, 0, 0});
    if (now - e[0] > WINDOW_MS) {
      e[0] = now;
      e[1] = 0;
    }
    if (++e[1] >= MAX_FAILURES) {
      e[2] = now + BLOCK_MS;
      e[0] = now;
      e[1] = 0;
    }
  }

  public void succeeded(String address) {
    byAddress.remove(address);
  }
}
