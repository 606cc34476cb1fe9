package io.stowage.tracker.server;

/**
 * {@code fastdfs_stat_layout}: which FastDFS generation's records SERVER_LIST_* answers with. Nothing
 * on the wire says which one a client parses, so it is configuration.
 * <ul>
 *   <li>{@link #V5}: group stat 105 bytes, storage stat 612 bytes, what tobato 1.27.x and the official
 *       Java client 1.27 parse (the default);</li>
 *   <li>{@link #V6}: FastDFS 6.13+ IPv4 records: group stat 113 bytes, storage stat 487 bytes.</li>
 * </ul>
 */
public enum StatLayout {
  V5,
  V6
}
