package dev.trestle.server.rpc;

/**
 * A small cache keyed by identity (never {@code equals}): a ring of the last {@code slots} entries, looked up by a
 * linear scan of references. Thread-safe; a miss only costs a recomputation.
 */
final class IdentityCache<K, V> {
    private record Entry<K, V>(K key, V value) {
    }

    private final Object[] ring;
    private int next;

    IdentityCache(int slots) {
        ring = new Object[slots];
    }

    /** The value stored for this very instance, or null. */
    @SuppressWarnings("unchecked")
    synchronized V get(K key) {
        for (Object o : ring) {
            if (o != null && ((Entry<K, V>) o).key() == key) {
                return ((Entry<K, V>) o).value();
            }
        }
        return null;
    }

    synchronized void put(K key, V value) {
        ring[next] = new Entry<>(key, value);
        next = (next + 1) % ring.length;
    }
}
