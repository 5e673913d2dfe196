package dev.spindle.sync;

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
     * Takes what {@link #tryTake} takes, waiting for a grant in line if nothing is free.
     *
     * @param timed whether {@code nanos} bounds the wait (zero: do not wait)
     * @return {@code true} if taken, {@code false} if the time ran out first
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled first; nothing is then held
     */
    final boolean acquire(boolean timed, long nanos) {
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w;
        guard.lock();
        try {
            if (tryTake()) {
                return true;
            }
            if (timed && nanos == 0L) {
                return false;
            }
            w = new Waiter();
            waiters.add(w);
        } finally {
            guard.unlock();
        }
        return Sync.awaitGrant(guard, waiters, w, this, describe(), timed, deadline, this::handOn);
    }

    /** Blocked callers (for tests). */
    final int waiterCount() {
        return lockedRead(waiters::size);
    }
}
