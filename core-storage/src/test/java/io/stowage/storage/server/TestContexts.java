package io.stowage.storage.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Event-loop contexts for tests, each that of a deployed (empty) verticle. */
final class TestContexts {
  private TestContexts() {}

  static Context deploy(Vertx vertx) throws Exception {
    AtomicReference<Context> c = new AtomicReference<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        c.set(context);
        return Future.succeededFuture();
      }
    }).await(10, TimeUnit.SECONDS);
    return c.get();
  }

  /** The thread a context's tasks run on. */
  static Thread threadOf(Context ctx) throws Exception {
    AtomicReference<Thread> t = new AtomicReference<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    ctx.runOnContext(v -> {
      t.set(Thread.currentThread());
      done.countDown();
    });
    done.await(10, TimeUnit.SECONDS);
    return t.get();
  }
}
