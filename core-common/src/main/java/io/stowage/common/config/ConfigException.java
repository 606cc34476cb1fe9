package io.stowage.common.config;

/** An invalid or missing setting; the message names the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String key, String problem) {
    super("config " + key + ": " + problem);
  }
}
