package dev.spindle.sync;

import java.time.Duration;

/**
 * A primitive whose waiters are granted something one at a time, oldest first, and hand it on if they
 * are cancelled as it arrives: a {@link Lock}'s ownership, a {@link Semaphore}'s permit, a
 * {@link CapacityLimiter}'s token. The subclass says what is free ({@link #tryTake}) and how a grant
 * passes on ({@link #handOn}); this class holds the waiters and the acquire that every one of them runs.
 */
abstract class GrantQueue extends Primitive {

    /** The waiting acquirers, oldest first; guarded by {@link #guard}. */
    final WaitList waiters = new WaitList();

    /**
     * Under the guard: takes what is free for the calling thread and returns {@code true}, or returns
     * {@code false} when nothing is (then the caller queues). No waiter exists while something is free.
     */
    abstract boolean tryTake();

    /**
     * Under the guard: the calling thread's grant (just handed to it, or given back) passes to the
     * oldest waiter, or becomes free.
     *
     * @return the waiter to wake after unlocking, or {@code null}
     */
    abstract Waiter handOn();

    /**
     * Acquires what this primitive grants (the class description says what: a {@link Lock}'s ownership, a
     * {@link Semaphore}'s permit, a {@link CapacityLimiter}'s token), blocking until it is free and every
     * earlier waiter has had it.
     *
     * @throws IllegalStateException if the primitive refuses the calling thread: for a
     *     {@link CapacityLimiter}, if the thread already holds one of its tokens
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled first; nothing
     *     is then held
     * @since 0.1.0
     */
    public final void acquire() {
        acquire(false, 0L);
    }

    /**
     * Acquires what this primitive grants (see {@link #acquire()}), blocking at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return {@code true} if it is now held by the caller, {@code false} if the time ran out first
     * @throws IllegalStateException if the primitive refuses the calling thread: for a
     *     {@link CapacityLimiter}, if the thread already holds one of its tokens
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled first; nothing
     *     is then held
     * @since 0.1.0
     */
    public final boolean acquire(Duration timeout) {
        return acquire(true, Sync.nanos(timeout));
    }

    /**
     * Takes what {@link #tryTake} takes, waiting for a grant in line if nothing is free.
     *
     * @param timed whether {@code nanos} bounds the wait (zero: do not wait)
     * @return {@code true} if taken, {@code false} if the time ran out first
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled first; nothing is then held
     */
    final boolean acquire(boolean timed, long nanos) {
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w = Sync.queueUnless(guard, GrantQueue::tryTake, this, waiters, timed, nanos);
        return w == Sync.READY
                || w != null && Sync.awaitGrant(guard, waiters, w, this, describe(), timed, deadline, this::handOn);
    }

    /** Blocked callers (for tests). */
    final int waiterCount() {
        return lockedRead(waiters::size);
    }
}
