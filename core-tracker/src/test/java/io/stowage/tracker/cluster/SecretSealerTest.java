package io.stowage.tracker.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.stowage.common.proto.ProtoException;
import org.junit.jupiter.api.Test;

class SecretSealerTest {
  private final SecretSealer sealer = new SecretSealer("cluster-secret-1");

  @Test
  void sealThenOpenReturnsTheSecretAndHidesIt() {
    String sealed = sealer.seal("wJalrXUtnFEMI/K7MDENG");
    assertTrue(sealed.startsWith(SecretSealer.PREFIX));
    assertFalse(sealed.contains("wJalrXUtnFEMI"));
    assertEquals("wJalrXUtnFEMI/K7MDENG", sealer.open(sealed));
    assertNotEquals(sealed, sealer.seal("wJalrXUtnFEMI/K7MDENG"), "a fresh IV each time");
  }

  @Test
  void anotherClusterSecretCannotOpenIt() {
    String sealed = sealer.seal("s3cr3t");
    assertThrows(ProtoException.class, () -> new SecretSealer("cluster-secret-2").open(sealed));
  }

  @Test
  void legacyPlainValuesPassThrough() {
    assertEquals("plain", sealer.open("plain"));
  }
}
