package io.stowage.s3.handler;

/** HeadObject: GetObject's status and headers (conditions and Range included), no body. */
public final class HeadObjectHandler extends GetObjectHandler {
  public HeadObjectHandler(Backend backend) {
    super(backend, true);
  }
}
