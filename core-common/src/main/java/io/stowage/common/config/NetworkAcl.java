package io.stowage.common.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks FastDFS-compatible client commands are accepted from ({@code client_networks}): a list
 * of CIDR blocks, IPv4 or IPv6; a bare address is a one-address block. IPv4-mapped IPv6 peers
 * ({@code ::ffff:a.b.c.d}) are matched as IPv4. Only literal addresses are accepted, never names, so
 * no check ever waits on DNS.
 */
public final class NetworkAcl {
  private record Block(byte[] network, int prefix) {
    boolean contains(byte[] a) {
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }

  public static final String DEFAULT = "127.0.0.0/8,::1/128";

  private final List<Block> blocks;
  private final List<String> text;

  private NetworkAcl(List<Block> blocks, List<String> text) {
    this.blocks = blocks;
    this.text = List.copyOf(text);
  }

  /** Parses CIDR blocks; a bad one fails with a {@link ConfigException} naming {@code key}. */
  public static NetworkAcl parse(String key, List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String c : cidrs) {
      String s = c.strip();
      int slash = s.indexOf('/');
      String addr = slash < 0 ? s : s.substring(0, slash);
      byte[] bytes = literal(addr);
      if (bytes == null) {
        throw new ConfigException(key, "'" + s + "' is not an IP address or CIDR block");
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new ConfigException(key, "'" + s + "' has a bad prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new ConfigException(key, "'" + s + "' prefix is outside 0.." + bytes.length * 8);
        }
      }
      blocks.add(new Block(bytes, prefix));
    }
    return new NetworkAcl(blocks, cidrs);
  }

  public static NetworkAcl parse(String key, String commaSeparated) {
    List<String> parts = new ArrayList<>();
    for (String p : commaSeparated.split(",")) {
      if (!p.isBlank()) {
        parts.add(p.strip());
      }
    }
    return parse(key, parts);
  }

  /** Whether {@code address} (a literal IP) is in one of the blocks; false for anything unparsable. */
  public boolean allows(String address) {
    byte[] a = literal(address);
    if (a == null) {
      return false;
    }
    for (Block b : blocks) {
      if (b.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The address bytes of an IP literal (4 for IPv4 and IPv4-mapped IPv6, else 16), or null. */
  static byte[] literal(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    boolean v6 = s.indexOf(':') >= 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return null;
      }
    }
    if (!v6) {
      return ipv4(s);
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 3) {
        return null;
      }
      int v = Integer.parseInt(parts[i]);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  @Override
  public String toString() {
    return String.join(",", text);
  }
}
