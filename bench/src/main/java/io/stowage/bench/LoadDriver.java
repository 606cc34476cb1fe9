package io.stowage.bench;

/** Issues one server's requests: prepares the objects a case needs, then hands out one worker per client thread. */
interface LoadDriver extends AutoCloseable {

  /** The name printed in results: stowage, s3proxy, nginx. */
  String server();

  boolean supports(Operation op);

  /** Uploads what the case reads or deletes (not measured). */
  void prepare(BenchCase c) throws Exception;

  /** The request loop body of client thread {@code index} (0-based) of a case. */
  Worker worker(BenchCase c, int index);

  /**
   * Ends a case: what its requests wrote is deleted by the next {@link #deleteEarlierWrites} when
   * {@code deleteLater}, else kept for later cases.
   */
  default void endCase(boolean deleteLater) {}

  /** Deletes (not measured) what the cases ended with {@code deleteLater} wrote; returns how many. */
  default int deleteEarlierWrites() throws Exception {
    return 0;
  }

  /** CPU nanoseconds the server has used so far, or -1 when unknown (a server the bench did not start). */
  default long serverCpuNanos() {
    return -1;
  }

  @Override
  void close();

  /** One client thread's requests; not shared between threads. */
  interface Worker {
    /** No more work for this worker (e.g. nothing left to delete). */
    long EXHAUSTED = -1;

    /**
     * Performs request number {@code seq} of this worker.
     *
     * @return the body bytes sent or received, or {@link #EXHAUSTED}
     * @throws Exception when the request failed; it counts as an error
     */
    long run(long seq) throws Exception;
  }
}
