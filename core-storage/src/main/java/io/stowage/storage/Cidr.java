package io.stowage.storage;

import io.stowage.common.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address
 * means a single host. Used for {@code client_networks}. (A candidate for core-common: the tracker
 * needs the same check.)
 */
public record Cidr(byte[] network, int prefixLength) {
  public static Cidr parse(String key, String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f:.]+")) {
      throw new ConfigException(key, "'" + text + "' is not an address or CIDR");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress(); // literal only: the regex excludes host names
    } catch (UnknownHostException e) {
      throw new ConfigException(key, "'" + text + "' is not an address or CIDR");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "'" + text + "' has a bad prefix length");
      }
      if (prefix < 0 || prefix > bits) {
        throw new ConfigException(key, "'" + text + "' prefix length is outside 0.." + bits);
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** Whether {@code address} (an IP literal) lies in this network. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      // IPv4-mapped IPv6 (::ffff:a.b.c.d) against an IPv4 network
      if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
        byte[] v4 = new byte[4];
        System.arraycopy(a, 12, v4, 0, 4);
        a = v4;
      } else {
        return false;
      }
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  public boolean contains(String ipLiteral) {
    if (ipLiteral == null || !ipLiteral.matches("[0-9A-Fa-f:.%a-zA-Z]+")) {
      return false;
    }
    String s = ipLiteral;
    int pct = s.indexOf('%');
    if (pct >= 0) {
      s = s.substring(0, pct);
    }
    if (!s.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      return contains(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      return "?/" + prefixLength;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }
}
