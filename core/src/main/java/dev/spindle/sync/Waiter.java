package dev.spindle.sync;

import dev.spindle.internal.Clocks;

/**
 * One blocked call of a primitive: the thread that waits and the answer it waits for. A waiter is
 * linked into a {@link WaitList} of its primitive while it waits; whoever answers it (a release, a put,
 * a signal, a shutdown) unlinks it and sets its state, both under the primitive's lock, then unparks
 * its thread after unlocking.
 *
 * <p>States: {@code WAITING -> GRANTED} (the waiter got what it asked for: a permit, an item slot, a
 * wake-up) or {@code WAITING -> REFUSED} (the primitive was shut down, aborted or reset). The waiter
 * itself never changes its state; a waiter that gives up (cancelled or timed out) unlinks itself while
 * still {@code WAITING}, and one that gives up after being granted hands the grant on.
 */
final class Waiter {

    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int REFUSED = 2;

    /** Results of {@link #park}. */
    static final int ANSWERED = 0;
    static final int INTERRUPTED = 1;
    static final int TIMED_OUT = 2;

    final Thread thread;
    /** Written under the primitive's lock by the answering thread, read by the waiting thread without it. */
    volatile int state;
    /** A payload of the answer (a barrier's arrival index); written under the lock before the state. */
    int index;
    /**
     * A queue's item: the one a blocked putter offers, or the one handed to a blocked getter; for a
     * condition's waiter, the place in the lock's queue its signal took for it. Written under the lock
     * before the state.
     */
    Object item;
    /** Why a blocked putter's item was refused when it was moved into the queue; set before the state. */
    RuntimeException failure;
    // guarded by the primitive's lock
    Waiter prev;
    Waiter next;
    boolean linked;

    Waiter() {
        this(Thread.currentThread());
    }

    /** A waiter queued on behalf of {@code thread} by another thread (a condition's signal, for its lock). */
    Waiter(Thread thread) {
        this.thread = thread;
    }

    /**
     * Parks the calling thread (the waiter's own) without holding any lock, until the waiter is
     * answered, the thread is interrupted, or the deadline passes. A virtual thread yields once first.
     * An interrupt is consumed: the caller turns it into a cancellation.
     *
     * @param blocker the primitive, for thread dumps
     * @param timed whether {@code deadline} applies
     * @param deadline a value of the calling thread's clock ({@link Clocks#nanoTime()})
     * @return {@link #ANSWERED}, {@link #INTERRUPTED} or {@link #TIMED_OUT}
     */
    int park(Object blocker, boolean timed, long deadline) {
        Thread me = Thread.currentThread();
        if (state == WAITING && me.isVirtual() && !me.isInterrupted()) {
            // Give the carrier to the virtual thread we likely just woke (a ping-pong partner): its
            // answer often arrives before we would park, which saves a park and an unpark (about a
            // third of a round trip in QueuePingPongBenchmark). The JDK's LinkedTransferQueue spins
            // briefly for the same reason.
            Thread.yield();
        }
        for (;;) {
            if (state != WAITING) {
                return ANSWERED;
            }
            if (Thread.interrupted()) {
                return INTERRUPTED;
            }
            if (timed) {
                long left = deadline - Clocks.nanoTime();
                if (left <= 0L) {
                    return TIMED_OUT;
                }
                Clocks.parkNanos(blocker, left);
            } else {
                Clocks.park(blocker);
            }
        }
    }

    /** Parks until answered, ignoring interrupts; the caller restores them. */
    boolean parkUninterruptibly(Object blocker) {
        boolean interrupted = false;
        while (state == WAITING) {
            Clocks.park(blocker);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    /** Unparks the waiting thread; call after unlocking. {@code null}-tolerant. */
    static void wake(Waiter w) {
        if (w != null) {
            Clocks.unpark(w.thread);
        }
    }
}
