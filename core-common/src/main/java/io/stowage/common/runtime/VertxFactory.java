package io.stowage.common.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the process's Vert.x instance: with Netty's native epoll transport where it loads (Linux
 * x86-64), which cuts per-request syscall and copy overhead compared with NIO; otherwise NIO.
 * {@code -Dstowage.nativeTransport=false} forces NIO, for comparison or when epoll misbehaves.
 */
public final class VertxFactory {
  private static final Logger log = LoggerFactory.getLogger(VertxFactory.class);
  public static final String NATIVE_TRANSPORT_PROPERTY = "stowage.nativeTransport";

  private VertxFactory() {}

  public static Vertx create() {
    return create(new VertxOptions());
  }

  /** {@code options} with the transport preference applied; logs which transport is in use. */
  public static Vertx create(VertxOptions options) {
    boolean prefer = preferNative(System.getProperty(NATIVE_TRANSPORT_PROPERTY));
    Vertx vertx = Vertx.vertx(options.setPreferNativeTransport(prefer));
    if (vertx.isNativeTransportEnabled()) {
      log.info("network transport: native (epoll)");
    } else if (prefer) {
      Throwable why = vertx.unavailableNativeTransportCause();
      log.info("network transport: NIO (native transport unavailable: {})", why == null ? "unknown" : why.toString());
    } else {
      log.info("network transport: NIO (-D{}=false)", NATIVE_TRANSPORT_PROPERTY);
    }
    return vertx;
  }

  /** Native unless the property says {@code false}. */
  static boolean preferNative(String property) {
    return property == null || !property.strip().equalsIgnoreCase("false");
  }
}
