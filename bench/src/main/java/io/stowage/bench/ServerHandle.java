package io.stowage.bench;

/**
 * A server to benchmark: where it listens and how to sign for it. {@code s3} false means plain HTTP.
 * {@code process} is null for a server the bench did not start.
 */
record ServerHandle(String name, String endpoint, String accessKey, String secretKey, boolean s3,
                    ManagedProcess process) implements AutoCloseable {
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
