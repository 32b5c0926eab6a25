package dev.polystack.shared;

import java.util.function.Supplier;

/** A value built on first use and then kept: clients and services a function may never need. */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = factory.get();
                    value = result;
                }
            }
        }
        return result;
    }
}
