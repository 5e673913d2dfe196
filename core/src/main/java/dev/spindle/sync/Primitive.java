package dev.spindle.sync;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What every primitive of this package shares: the one lock that guards its state and its waiters, and
 * its name and description for task dumps ("waiting on Lock 'db'") and {@code toString}. Each public
 * primitive extends this (or {@link GrantQueue}) and keeps its own state and public API.
 */
abstract class Primitive {

    /** Guards the subclass's state and its {@link WaitList}s; never held while a thread parks. */
    final ReentrantLock guard = new ReentrantLock();

    private volatile String name;
    /** {@link #describe()}, computed once: blocking calls record it for task dumps on every wait. */
    private volatile String description;

    /** The kind for descriptions, the public class's simple name: {@code "Lock"}, {@code "LifoQueue"}. */
    final String kind() {
        return getClass().getSimpleName();
    }

    /** Sets the name (not blank); for the subclasses' {@code named}. Meant to be called once, right after construction. */
    final void setName(String name) {
        this.name = Sync.requireName(name);
        this.description = null;
    }

    /** What a task blocked here waits on: {@code Lock 'db'}, or {@code Lock@1b6d3586} when unnamed. */
    final String describe() {
        String d = description;
        if (d == null) {
            d = Sync.describe(kind(), name, this);
            description = d;
        }
        return d;
    }

    /** Reads {@code value} under the guard: a consistent snapshot. */
    final int lockedRead(IntSupplier value) {
        guard.lock();
        try {
            return value.getAsInt();
        } finally {
            guard.unlock();
        }
    }

    /** {@link #describe()} followed by {@code state}, read under the guard: for {@code toString}. */
    final String describeLocked(Supplier<String> state) {
        guard.lock();
        try {
            return describe() + state.get();
        } finally {
            guard.unlock();
        }
    }
}
