package io.stowage.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetworkAclTest {
  final NetworkAcl acl = NetworkAcl.parse("client_networks", "127.0.0.0/8, ::1/128, 10.20.0.0/14, 192.168.1.7, fd00::/8");

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, true", "127.255.255.254, true", "128.0.0.1, false",
      "10.20.0.1, true", "10.23.255.255, true", "10.24.0.0, false", "10.19.255.255, false",
      "192.168.1.7, true", "192.168.1.8, false",
      "::1, true", "0:0:0:0:0:0:0:1, true", "::2, false",
      "fd12:3456::1, true", "fe80::1, false",
      "::ffff:127.0.0.1, true", "::ffff:10.24.0.1, false",
      "localhost, false", "999.1.1.1, false", "'', false"})
  void matchesAddressesAgainstBlocks(String address, boolean allowed) {
    assertEquals(allowed, acl.allows(address), address);
  }

  @Test
  void defaultIsLoopbackOnly() {
    NetworkAcl d = NetworkAcl.parse("client_networks", NetworkAcl.DEFAULT);
    assertTrue(d.allows("127.0.0.1"));
    assertTrue(d.allows("::1"));
    assertFalse(d.allows("10.0.0.1"));
    assertTrue(NetworkAcl.parse("k", "0.0.0.0/0").allows("8.8.8.8"));
    assertFalse(NetworkAcl.parse("k", "").allows("127.0.0.1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "example.com/8", "::1/129", "10.0.0.0/x", "300.0.0.0/8"})
  void badBlocksFailNamingTheKey(String bad) {
    ConfigException e = assertThrows(ConfigException.class, () -> NetworkAcl.parse("client_networks", bad));
    assertTrue(e.getMessage().contains("client_networks"), e.getMessage());
  }
}
