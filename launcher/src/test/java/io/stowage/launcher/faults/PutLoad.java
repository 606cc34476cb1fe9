package io.stowage.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Client threads PUTting objects of random content and mixed sizes (mostly small, some up to
 * {@code maxSize}) under fresh keys, spread over several gateways, optionally each followed by a
 * GET of an earlier acknowledged object. Only acknowledged PUTs are recorded (key, size, MD5);
 * failures are counted, never retried by hand (the SDK's own retries apply). The content of each
 * object is regenerated from its seed, so nothing is kept in memory but the MD5s.
 */
final class PutLoad implements AutoCloseable {
  /** An acknowledged object: what every later GET must return. */
  record Acked(String key, int size, String md5) {}

  private final String bucket;
  private final List<S3Client> gateways;
  private final int maxSize;
  private final boolean alsoGet;
  private final ExecutorService pool;
  private final List<Future<?>> workers = new ArrayList<>();
  private final Map<String, Acked> acked = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> successNanos = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong seq = new AtomicLong();
  private volatile boolean stop;

  PutLoad(String bucket, List<S3Client> gateways, int threads, int maxSize, boolean alsoGet) {
    this.bucket = bucket;
    this.gateways = List.copyOf(gateways);
    this.maxSize = maxSize;
    this.alsoGet = alsoGet;
    this.pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      S3Client client = this.gateways.get(t % this.gateways.size());
      long threadSeed = t;
      workers.add(pool.submit(() -> run(client, new Random(threadSeed))));
    }
  }

  private void run(S3Client s3, Random random) {
    List<Acked> mine = new ArrayList<>();
    while (!stop) {
      long n = seq.incrementAndGet();
      int size = random.nextInt(10) < 7 ? 1024 + random.nextInt(63 * 1024) : 64 * 1024 + random.nextInt(maxSize - 64 * 1024);
      long seed = random.nextLong();
      String key = "load/" + n + "-" + size;
      byte[] data = bytes(seed, size);
      try {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
        Acked a = new Acked(key, size, md5(data));
        acked.put(key, a);
        mine.add(a);
        successNanos.add(System.nanoTime());
      } catch (RuntimeException e) {
        fail(e);
        continue;
      }
      if (alsoGet && !mine.isEmpty()) {
        Acked earlier = mine.get(random.nextInt(mine.size()));
        try {
          byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(earlier.key())).asByteArray();
          if (!earlier.md5().equals(md5(got))) {
            errors.add("GET " + earlier.key() + " returned other bytes");
          }
          successNanos.add(System.nanoTime());
        } catch (RuntimeException e) {
          fail(e);
        }
      }
    }
  }

  private void fail(RuntimeException e) {
    failures.incrementAndGet();
    if (errors.size() < 20) {
      errors.add(e.toString());
    }
  }

  static byte[] bytes(long seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  int ackedCount() {
    return acked.size();
  }

  /** Acknowledged PUTs so far. */
  List<Acked> acked() {
    return List.copyOf(acked.values());
  }

  /** When each successful operation (PUT or GET) completed, {@link System#nanoTime()}. */
  List<Long> successTimes() {
    return List.copyOf(successNanos);
  }

  int failures() {
    return failures.get();
  }

  /** The first few failures, for messages. */
  List<String> errors() {
    return List.copyOf(errors);
  }

  /** Stops the threads and waits for them (each finishes its current request). */
  @Override
  public void close() throws Exception {
    stop = true;
    pool.shutdown();
    for (Future<?> w : workers) {
      w.get();
    }
  }

  /**
   * GETs every object through {@code s3} (a few threads) and asserts it has the acknowledged size
   * and MD5; a failed GET fails the assertion too.
   */
  static void verifyAll(S3Client s3, String bucket, List<Acked> objects, String what) throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> checks = new ArrayList<>();
      for (Acked a : objects) {
        checks.add(readers.submit(() -> {
          try {
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(a.key())).asByteArray();
            return got.length == a.size() && a.md5().equals(md5(got)) ? null
                : a.key() + ": " + got.length + " bytes, MD5 " + md5(got) + " (acknowledged " + a.size() + ", " + a.md5() + ")";
          } catch (RuntimeException e) {
            return a.key() + ": " + e;
          }
        }));
      }
      List<String> bad = new ArrayList<>();
      for (Future<String> c : checks) {
        String r = c.get();
        if (r != null) {
          bad.add(r);
        }
      }
      assertEquals(List.of(), bad.subList(0, Math.min(bad.size(), 10)), what + ": " + bad.size() + " of " + objects.size()
          + " acknowledged objects do not read back");
    } finally {
      readers.shutdownNow();
    }
  }
}
