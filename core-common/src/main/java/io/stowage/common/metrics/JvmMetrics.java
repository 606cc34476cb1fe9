package io.stowage.common.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;

/** JVM and process gauges read at scrape time: heap, non-heap, threads, GC, uptime, CPU, file descriptors. */
public final class JvmMetrics {
  private JvmMetrics() {}

  public static void register(MetricsRegistry r) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    Gauge heap = r.gauge("jvm_memory_bytes_used", "Used bytes of a JVM memory area.", "area");
    heap.labels("heap").setSupplier(() -> mem.getHeapMemoryUsage().getUsed());
    heap.labels("nonheap").setSupplier(() -> mem.getNonHeapMemoryUsage().getUsed());
    Gauge committed = r.gauge("jvm_memory_bytes_committed", "Committed bytes of a JVM memory area.", "area");
    committed.labels("heap").setSupplier(() -> mem.getHeapMemoryUsage().getCommitted());
    committed.labels("nonheap").setSupplier(() -> mem.getNonHeapMemoryUsage().getCommitted());
    r.gauge("jvm_memory_bytes_max", "Maximum heap bytes (-1 when undefined).", () -> mem.getHeapMemoryUsage().getMax());
    r.gauge("jvm_threads_current", "Live JVM threads.", threads::getThreadCount);
    r.gauge("jvm_threads_peak", "Peak live JVM threads.", threads::getPeakThreadCount);
    Gauge gcCount = r.gauge("jvm_gc_collections", "Collections per garbage collector since start.", "gc");
    Gauge gcTime = r.gauge("jvm_gc_collection_seconds", "Time spent per garbage collector since start.", "gc");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount.labels(gc.getName()).setSupplier(gc::getCollectionCount);
      gcTime.labels(gc.getName()).setSupplier(() -> gc.getCollectionTime() / 1000.0);
    }
    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
    r.gauge("process_start_time_seconds", "Start time of the process since the epoch, in seconds.", () -> start / 1000.0);
    r.gauge("process_uptime_seconds", "Uptime of the JVM in seconds.", () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    r.gauge("system_load_average_1m", "System load average over the last minute (-1 if unavailable).", os::getSystemLoadAverage);
    r.gauge("system_cpu_count", "Available processors.", os::getAvailableProcessors);
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      r.gauge("process_cpu_seconds_total", "CPU time used by the process, in seconds.", () -> sun.getProcessCpuTime() / 1e9);
    }
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      r.gauge("process_open_fds", "Open file descriptors.", unix::getOpenFileDescriptorCount);
      r.gauge("process_max_fds", "Maximum open file descriptors.", unix::getMaxFileDescriptorCount);
    }
  }
}
