package io.stowage.bench;

/** One row of the benchmark: an operation, an object size and a number of concurrent clients. */
record BenchCase(Operation op, long size, int concurrency) {
  BenchCase {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
  }

  /** {@code put 4KiB c16}. */
  String label() {
    return op.label() + " " + Sizes.format(size) + " c" + concurrency;
  }
}
