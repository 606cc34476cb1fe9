package io.stowage.s3.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derived SigV4 signing keys, cached per (secret, date, region, service): four HMACs per request
 * saved, the key changes once a day. Bounded LRU; one instance per gateway, shared by its event
 * loops (hence synchronized; the critical section is a map lookup).
 */
public final class SigningKeyCache {
    public static final int DEFAULT_MAX_ENTRIES = 1024;

    private record Key(String secret, String date, String region, String service) {
        // Keep the secret out of any accidental toString (e.g. a debugger or a log of the map).
        @Override
        public String toString() {
            return "Key[" + date + "/" + region + "/" + service + "]";
        }
    }

    private final Map<Key, byte[]> cache;

    public SigningKeyCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public SigningKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The signing key; a copy, so callers cannot corrupt the cached one. */
    public byte[] signingKey(String secretKey, String date, String region, String service) {
        Key k = new Key(secretKey, date, region, service);
        byte[] v;
        synchronized (cache) {
            v = cache.get(k);
        }
        if (v == null) {
            v = SigV4.deriveSigningKey(secretKey, date, region, service);
            synchronized (cache) {
                cache.put(k, v);
            }
        }
        return v.clone();
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
