package io.stowage.launcher;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stderr appender for high-rate lines (the S3 access log). The logging thread only queues the
 * event; a daemon thread wakes every {@code flushMillis} (100 by default), formats what has queued
 * and writes it to stderr in one call. Logback's AsyncAppender wakes its worker for every event and
 * writes each line with a system call of its own: at 8k requests/s that took 8.5 % of the all-in-one
 * server's CPU, most of it in the two threads' futex wake-ups. A full queue drops events rather
 * than stall an event loop; the count of dropped lines is written with the next batch.
 */
public final class BatchedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final int WRITE_CHUNK = 64 * 1024;

  private Encoder<ILoggingEvent> encoder;
  private int queueSize = 8_192;
  private long flushMillis = 100;
  private PrintStream out = System.err;
  private ArrayBlockingQueue<ILoggingEvent> queue;
  private final AtomicLong dropped = new AtomicLong();
  private Thread writer;
  private volatile boolean stopping;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  /** Where the lines go (stderr unless a test says otherwise); set before {@link #start}. */
  void setOut(PrintStream out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    if (queueSize < 1 || flushMillis < 1) {
      addError("queueSize and flushMillis must be positive");
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    stopping = false;
    writer = new Thread(this::run, "log-writer-" + name);
    writer.setDaemon(true);
    super.start();
    writer.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing(); // the message and thread name, as they are now
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<ILoggingEvent> batch = new ArrayList<>();
    while (!stopping) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
      writeQueued(batch);
    }
    writeQueued(batch); // what came in before stop
  }

  private void writeQueued(List<ILoggingEvent> batch) {
    queue.drainTo(batch);
    long lost = dropped.getAndSet(0);
    if (batch.isEmpty() && lost == 0) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(WRITE_CHUNK);
    for (ILoggingEvent e : batch) {
      try {
        bytes.writeBytes(encoder.encode(e));
      } catch (RuntimeException ex) {
        addError("cannot format a log line", ex);
      }
      if (bytes.size() >= WRITE_CHUNK) {
        flush(bytes);
      }
    }
    batch.clear();
    if (lost > 0) {
      bytes.writeBytes((lost + " log lines of " + name + " dropped: the output did not keep up\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    flush(bytes);
  }

  private void flush(ByteArrayOutputStream bytes) {
    if (bytes.size() > 0) {
      try {
        bytes.writeTo(out); // one call under the stream's lock: other loggers' lines on stderr stay whole
      } catch (IOException e) {
        addError("cannot write log lines", e); // a PrintStream does not throw; any other stream might
      }
      out.flush();
      bytes.reset();
    }
  }
}
