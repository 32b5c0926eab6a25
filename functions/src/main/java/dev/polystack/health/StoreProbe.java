package dev.polystack.health;

/** One backing store, checked with the cheapest call that proves it answers. */
public interface StoreProbe {
    String store();

    /** Returns normally when the store answers; throws otherwise. */
    void check();
}
