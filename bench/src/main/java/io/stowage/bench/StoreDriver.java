package io.stowage.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Turns a case into requests on an {@link ObjectStore}: fills what the case reads, then one worker per client. */
final class StoreDriver implements LoadDriver {
  private static final String LIST_PREFIX = "list/";
  /** A delete case fills at most this much data, whatever --delete-objects says. */
  private static final long DELETE_FILL_BYTES = Sizes.GIB;
  private static final int READ_BUFFER = 256 * 1024;
  private static final int CLEANUP_THREADS = 8;

  private final ObjectStore store;
  private final BenchOptions options;
  private final Payloads payloads;
  private final ObjectPool pool = new ObjectPool();
  private final AtomicLong keyCounter = new AtomicLong();
  /** Keys the running case's requests wrote (PUT, the PUTs of MIXED, MULTIPART), until {@link #endCase}. */
  private final ConcurrentLinkedQueue<String> writtenByCase = new ConcurrentLinkedQueue<>();
  /** Keys of ended cases that {@link #deleteEarlierWrites} deletes. */
  private final List<String> toDelete = new ArrayList<>();
  private final LongSupplier serverCpu;
  private boolean listFilled;

  StoreDriver(ObjectStore store, BenchOptions options, Payloads payloads) {
    this(store, options, payloads, () -> -1);
  }

  /** {@code serverCpu} gives the server's CPU nanoseconds so far, -1 when unknown. */
  StoreDriver(ObjectStore store, BenchOptions options, Payloads payloads, LongSupplier serverCpu) {
    this.store = store;
    this.options = options;
    this.payloads = payloads;
    this.serverCpu = serverCpu;
  }

  @Override
  public long serverCpuNanos() {
    return serverCpu.getAsLong();
  }

  @Override
  public String server() {
    return store.name();
  }

  @Override
  public boolean supports(Operation op) {
    return store.supports(op);
  }

  @Override
  public void prepare(BenchCase c) throws Exception {
    long size = c.size();
    byte[] body = payloads.of(size);
    int threads = Math.max(4, Math.min(c.concurrency(), 16));
    switch (c.op()) {
      case GET, MIXED -> {
        int need = Math.max(options.fillObjects(), 4 * c.concurrency());
        List<String> readable = pool.readable(size);
        if (readable.size() < need) {
          for (String key : Fill.run(newKeyPrefix(size, "fill"), readable.size(), need - readable.size(), threads,
              key -> store.put(key, body, body.length))) {
            readable.add(key);
            pool.written(size, key);
          }
        }
      }
      case DELETE -> {
        int need = (int) Math.max(4L * c.concurrency(),
            Math.min(options.deleteObjects(), DELETE_FILL_BYTES / Math.max(1, size)));
        int have = pool.deletableCount(size);
        if (have < need) {
          for (String key : Fill.run(newKeyPrefix(size, "del"), 0, need - have, threads,
              key -> store.put(key, body, body.length))) {
            pool.written(size, key);
          }
        }
      }
      case LIST -> {
        if (!listFilled) {
          Fill.run(LIST_PREFIX, 0, options.listObjects(), threads, key -> store.put(key, body, 0));
          listFilled = true;
        }
      }
      case PUT, MULTIPART -> { }
    }
  }

  @Override
  public Worker worker(BenchCase c, int index) {
    long size = c.size();
    byte[] body = payloads.of(size);
    int length = body.length;
    return switch (c.op()) {
      case PUT -> seq -> put(size, body);
      case GET -> {
        byte[] buffer = new byte[READ_BUFFER];
        yield seq -> get(c, index, seq, buffer);
      }
      case MIXED -> {
        byte[] buffer = new byte[READ_BUFFER];
        yield seq -> ThreadLocalRandom.current().nextInt(100) < options.mixedGetPercent()
            ? get(c, index, seq, buffer) : put(size, body);
      }
      case DELETE -> seq -> {
        String key = pool.takeDeletable(size);
        if (key == null) {
          return Worker.EXHAUSTED;
        }
        store.delete(key);
        return 0;
      };
      case LIST -> new Worker() {
        private String token;

        @Override
        public long run(long seq) throws Exception {
          token = store.listPage(LIST_PREFIX, options.listPage(), token);
          return 0;
        }
      };
      case MULTIPART -> seq -> {
        String key = newKey(size);
        store.multipartPut(key, body, length, options.partSize());
        pool.written(size, key);
        writtenByCase.add(key);
        return length;
      };
    };
  }

  private long put(long size, byte[] body) throws Exception {
    String key = newKey(size);
    store.put(key, body, body.length);
    pool.written(size, key);
    writtenByCase.add(key);
    return body.length;
  }

  @Override
  public void endCase(boolean deleteLater) {
    List<String> keys = new ArrayList<>(writtenByCase); // the case's workers have all stopped
    writtenByCase.clear();
    if (deleteLater) {
      toDelete.addAll(keys);
    }
  }

  @Override
  public int deleteEarlierWrites() throws Exception {
    List<String> keys = List.copyOf(toDelete);
    toDelete.clear();
    if (!keys.isEmpty()) {
      pool.forget(keys);
      Fill.forEach(keys, CLEANUP_THREADS, store::delete);
    }
    return keys.size();
  }

  private long get(BenchCase c, int index, long seq, byte[] buffer) throws Exception {
    long n = store.get(pool.readKey(c.size(), index, seq, c.concurrency()), buffer);
    if (n != c.size()) {
      throw new IllegalStateException("GET returned " + n + " bytes, expected " + c.size());
    }
    return n;
  }

  private String newKey(long size) {
    return "obj/" + Sizes.format(size) + "/" + keyCounter.incrementAndGet();
  }

  private String newKeyPrefix(long size, String kind) {
    return kind + "/" + Sizes.format(size) + "/" + keyCounter.incrementAndGet() + "-";
  }

  @Override
  public void close() {
    store.close();
  }
}
