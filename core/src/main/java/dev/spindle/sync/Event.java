package dev.spindle.sync;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A flag that tasks can wait for, as asyncio's {@code Event}: {@link #set()} sets it and wakes every
 * waiter, {@link #clear()} resets it, and {@link #await()} blocks until it is set (at once if it is).
 * A {@code set()} wakes every task waiting at that moment even if {@code clear()} follows before they
 * run.
 *
 * <p>{@code await} throws {@link CancellationException} if the calling task is cancelled before or
 * while it waits, also when the event was set at that same moment.
 *
 * <p>This class is thread-safe; any task or thread may call any method. A {@code set()}
 * happens-before the {@code await} calls it releases return.
 * @since 0.1.0
 */
public final class Event extends Primitive {

    private final WaitList waiters = new WaitList(); // guarded by guard
    private volatile boolean set; // written under guard, read by any thread

    /**
     * Creates an event that is not set.
     * @since 0.1.0
     */
    public Event() {}

    /**
     * Names the event, for task dumps ("waiting on Event 'ready'") and {@link #toString()}. Meant to be
     * called once, right after construction.
     *
     * @param name the name, not blank
     * @return this event
     * @since 0.1.0
     */
    public Event named(String name) {
        setName(name);
        return this;
    }

    /**
     * Sets the event and wakes every task waiting for it. Idempotent.
     * @since 0.1.0
     */
    public void set() {
        guard.lock();
        try {
            if (!set) {
                set = true;
                waiters.answerAll(Waiter.GRANTED);
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Resets the event, so that later {@link #await()} calls block until the next {@link #set()}.
     * @since 0.1.0
     */
    public void clear() {
        guard.lock();
        try {
            set = false;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Whether the event is set now.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Blocks until the event is set; returns at once if it is.
     *
     * @throws CancellationException if the calling task is cancelled first
     * @since 0.1.0
     */
    public void await() {
        doAwait(false, 0L);
    }

    /**
     * Blocks at most {@code timeout} until the event is set.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return {@code true} if the event was set, {@code false} if the time ran out first
     * @throws CancellationException if the calling task is cancelled first
     * @since 0.1.0
     */
    public boolean await(Duration timeout) {
        return doAwait(true, Sync.nanos(timeout));
    }

    private boolean doAwait(boolean timed, long nanos) {
        if (set) {
            return true;
        }
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w = Sync.queueUnless(guard, Event::isSet, this, waiters, timed, nanos);
        return w == Sync.READY || w != null && Sync.awaitSignal(guard, waiters, w, this, describe(), timed, deadline);
    }

    /** Blocked callers (for tests). */
    int waiterCount() {
        return lockedRead(waiters::size);
    }

    /**
     * Describes the event: name, whether it is set, and how many wait.
     *
     * @return for example {@code Event 'ready'[not set, 2 waiting]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describe() + (set ? "[set, " : "[not set, ") + waiterCount() + " waiting]";
    }
}
