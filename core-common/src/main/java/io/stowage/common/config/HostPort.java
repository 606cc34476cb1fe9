package io.stowage.common.config;

/** A host and port, parsed from {@code host:port} ({@code [v6]:port} for IPv6). */
public record HostPort(String host, int port) {
  public static HostPort parse(String key, String v) {
    if (v == null) {
      throw new ConfigException(key, "is required");
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new ConfigException(key, "'" + v + "' is not host:port");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + v + "' has a bad port");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException(key, "port " + port + " is outside 0..65535");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
