package dev.polystack.account;

/** The user's objects in the bucket: their uploads and their exports. */
public interface AccountObjects {
    /** Deletes every object under the user's prefixes; how many. Safe to repeat. */
    int deleteAll(String userId);
}
