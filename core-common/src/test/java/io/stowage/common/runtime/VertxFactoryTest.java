package io.stowage.common.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VertxFactoryTest {
  @Test
  void nativeTransportIsPreferredUnlessTheSwitchSaysFalse() {
    assertTrue(VertxFactory.preferNative(null));
    assertTrue(VertxFactory.preferNative("true"));
    assertFalse(VertxFactory.preferNative("false"));
    assertFalse(VertxFactory.preferNative(" FALSE "));
  }

  @Test
  void usesEpollOnLinuxX86() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"));
    assumeTrue(VertxFactory.preferNative(System.getProperty(VertxFactory.NATIVE_TRANSPORT_PROPERTY)));
    Vertx vertx = VertxFactory.create();
    try {
      assertTrue(vertx.isNativeTransportEnabled(), "the epoll jar is a dependency: " + vertx.unavailableNativeTransportCause());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
