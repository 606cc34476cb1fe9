package io.stowage.common.proto;

/** Per-connection facts a handler may need: who is calling and whether they proved the secret. */
public final class ConnectionState {
  private final boolean clientAllowed;
  private boolean internal;

  public ConnectionState(boolean clientAllowed) {
    this.clientAllowed = clientAllowed;
  }

  /** Whether FastDFS-compatible client commands are allowed from this peer's network. */
  public boolean clientAllowed() {
    return clientAllowed;
  }

  public boolean internal() {
    return internal;
  }

  public void markInternal() {
    internal = true;
  }
}
