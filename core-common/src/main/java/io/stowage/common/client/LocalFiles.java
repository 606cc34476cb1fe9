package io.stowage.common.client;

import io.stowage.common.config.HostPort;
import io.stowage.common.fileid.FileId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The files of a storage server running in this JVM, for short-circuit local reads (as HDFS's): a
 * co-located reader may serve a file's bytes straight from disk instead of through the storage
 * server's DOWNLOAD command, when the cluster view says that server is ACTIVE for the file's group.
 */
public interface LocalFiles {
  /** The local storage server's address as the trackers list it. */
  HostPort server();

  /**
   * The data file of {@code id} as the storage server itself resolves it; empty when {@code id} is
   * not of its group or names nothing inside its data tree. Does not touch the disk.
   */
  Optional<Path> path(FileId id);

  static LocalFiles of(HostPort server, Function<FileId, Optional<Path>> resolver) {
    return new LocalFiles() {
      @Override
      public HostPort server() {
        return server;
      }

      @Override
      public Optional<Path> path(FileId id) {
        return resolver.apply(id);
      }
    };
  }
}
