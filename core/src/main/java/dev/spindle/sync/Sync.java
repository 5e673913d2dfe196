package dev.spindle.sync;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import dev.spindle.internal.Nanos;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Small helpers shared by the primitives: timeouts, names, cancellation, guarded bodies. */
final class Sync {

    /** What {@link #queueUnless} returns when the call takes effect at once: a waiter that never waits. */
    static final Waiter READY = new Waiter(null);

    private Sync() {}

    /**
     * The first half of a blocking call that waits in {@code list} for a grant or a signal: under
     * {@code guard}, the call takes effect at once if {@code ready} holds for {@code subject} (the test may
     * take what is free, as {@link GrantQueue#tryTake} does); else it may not wait if it is timed with no
     * time left; else the calling thread queues at the end of {@code list}. The caller then parks the
     * waiter with {@link #awaitGrant} or {@link #awaitSignal}.
     *
     * @return {@link #READY}, {@code null} for a call that may not wait, or the queued waiter
     */
    static <S> Waiter queueUnless(ReentrantLock guard, Predicate<? super S> ready, S subject, WaitList list,
            boolean timed, long nanos) {
        guard.lock();
        try {
            if (ready.test(subject)) {
                return READY;
            }
            if (timed && nanos == 0L) {
                return null;
            }
            Waiter w = new Waiter();
            list.add(w);
            return w;
        } finally {
            guard.unlock();
        }
    }

    /** The cancellation to throw after a waiter consumed an interrupt with {@link Thread#interrupted()}. */
    static CancellationException cancelled() {
        return Blocking.cancelled(new InterruptedException());
    }

    /**
     * The waiting half of an acquire that is granted by hand-over (a lock, a permit, a token): parks the
     * queued waiter {@code w}, then settles under {@code guard}. A waiter still queued was never answered
     * (timeout, or cancellation: it leaves the queue); one that was answered as it was cancelled gives
     * what it was handed to the next waiter through {@code handOn}, so a cancelled waiter keeps nothing.
     *
     * @param handOn called under {@code guard}: passes the grant on and returns the waiter to wake, or {@code null}
     * @return {@code true} if granted, {@code false} at the deadline
     * @throws CancellationException if the calling task was cancelled first
     */
    static boolean awaitGrant(ReentrantLock guard, WaitList waiters, Waiter w, Object blocker, String what,
            boolean timed, long deadline, Supplier<Waiter> handOn) {
        int parked = park(w, blocker, what, timed, deadline);
        Waiter wake = null;
        guard.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            if (waiters.remove(w)) { // never answered
                if (interrupted) {
                    throw cancelled();
                }
                return false;
            }
            if (interrupted) { // the grant was handed to us as we were cancelled: pass it on
                wake = handOn.get();
                throw cancelled();
            }
            return true;
        } finally {
            guard.unlock();
            Waiter.wake(wake);
        }
    }

    /**
     * The waiting half of a wait for a signal that hands nothing over (an event being set, a queue's
     * unfinished count reaching zero): parks the queued waiter {@code w}, then settles under {@code guard}.
     *
     * @return {@code true} if signalled, {@code false} at the deadline
     * @throws CancellationException if the calling task was cancelled first (the waiter leaves the queue)
     */
    static boolean awaitSignal(ReentrantLock guard, WaitList waiters, Waiter w, Object blocker, String what,
            boolean timed, long deadline) {
        int parked = park(w, blocker, what, timed, deadline);
        guard.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            boolean answered = !waiters.remove(w);
            if (interrupted) {
                throw cancelled();
            }
            return answered;
        } finally {
            guard.unlock();
        }
    }

    /** Parks {@code w} with {@code what} recorded as what the calling task waits on; returns how it woke. */
    static int park(Waiter w, Object blocker, String what, boolean timed, long deadline) {
        String previous = Blocking.waitingOn(what);
        try {
            return w.park(blocker, timed, deadline);
        } finally {
            Blocking.doneWaiting(previous);
        }
    }

    /** {@code timeout} in nanoseconds, saturated; zero for zero or negative. */
    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return Nanos.of(timeout);
    }

    /** The deadline {@code nanos} from now on the calling thread's clock ({@link dev.spindle.internal.Clocks}); compare it by difference ({@link Nanos#deadline}). */
    static long deadline(long nanos) {
        return Nanos.deadline(nanos);
    }

    /** What a task blocked on a primitive waits on, for task dumps: {@code Queue 'jobs'}. */
    static String describe(String kind, String name, Object primitive) {
        return name != null ? kind + " '" + name + "'"
                : kind + "@" + Integer.toHexString(System.identityHashCode(primitive));
    }

    static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    /** Runs a guarded body, passing what it throws on by Spindle's one rule ({@link Failures#unchecked}). */
    static <T> T call(Callable<T> body, String what) {
        return Failures.call(body, what);
    }
}
