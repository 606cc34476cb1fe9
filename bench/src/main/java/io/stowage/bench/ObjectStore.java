package io.stowage.bench;

/** The primitive requests of one server, whatever its protocol (S3 through the SDK, or plain HTTP). */
interface ObjectStore extends AutoCloseable {
  /** The name printed in results. */
  String name();

  boolean supports(Operation op);

  /** Stores the first {@code length} bytes of {@code body} under {@code key}. */
  void put(String key, byte[] body, int length) throws Exception;

  /** Reads the whole object into {@code buffer} (overwritten over and over) and returns its length. */
  long get(String key, byte[] buffer) throws Exception;

  void delete(String key) throws Exception;

  /**
   * Lists one page of keys under {@code prefix}; returns the next continuation token, or null after
   * the last page. Only called when {@link #supports} says so.
   */
  default String listPage(String prefix, int maxKeys, String continuationToken) throws Exception {
    throw new UnsupportedOperationException(name() + " has no listing");
  }

  /**
   * A multipart upload of the first {@code length} bytes of {@code body} in parts of {@code partSize}.
   * Only called when {@link #supports} says so.
   */
  default void multipartPut(String key, byte[] body, int length, long partSize) throws Exception {
    throw new UnsupportedOperationException(name() + " has no multipart upload");
  }

  @Override
  void close();
}
