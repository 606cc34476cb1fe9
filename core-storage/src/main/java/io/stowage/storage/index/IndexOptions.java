package io.stowage.storage.index;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * RocksDB settings for the key index: many small values (an entry is a few hundred bytes), point
 * reads on every GET/HEAD, ordered scans for listings, every acknowledged write synced.
 *
 * <ul>
 *   <li>Bloom filter (10 bits/key, about 1% false positives): a GET of a missing key or an old
 *       version skips the SST files that cannot hold it.
 *   <li>Block cache bounded (64 MiB) with index and filter blocks inside it, so memory stays
 *       bounded however large the index grows; L0 filters/indexes pinned.
 *   <li>32 MiB write buffers (3 of them): fewer, larger flushes of small entries.
 *   <li>Pipelined writes: the WAL append of one write group overlaps the memtable insert of the
 *       previous one; synced writes from concurrent threads still share one WAL fsync (RocksDB's
 *       own group commit), which is why the index runs its calls on several threads.
 *   <li>Recycled WAL files: a new log overwrites an obsolete one instead of growing a new file, so
 *       a WAL fsync does not also write the file's size and block map (the pages are often still
 *       cached too). Point-in-time recovery tells recycled leftovers from new records.
 *   <li>LZ4: cheap compression for keys that share long prefixes.
 * </ul>
 *
 * Owns the native cache and filter: close it after the database.
 */
final class IndexOptions implements AutoCloseable {
  static final long BLOCK_CACHE_BYTES = 64L << 20;
  static final long WRITE_BUFFER_BYTES = 32L << 20;
  static final long RECYCLED_WAL_FILES = 4;

  private final LRUCache cache;
  private final BloomFilter filter;
  private final Options options;

  IndexOptions() {
    cache = new LRUCache(BLOCK_CACHE_BYTES);
    filter = new BloomFilter(10, false);
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(filter)
        .setWholeKeyFiltering(true)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setBlockSize(16 * 1024);
    options = new Options()
        .setCreateIfMissing(true)
        .setTableFormatConfig(table)
        .setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setMaxWriteBufferNumber(3)
        .setMaxBackgroundJobs(2)
        .setEnablePipelinedWrite(true)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true)
        .setMaxOpenFiles(1024)
        .setRecycleLogFileNum(RECYCLED_WAL_FILES);
  }

  Options options() {
    return options;
  }

  @Override
  public void close() {
    options.close();
    filter.close();
    cache.close();
  }
}
