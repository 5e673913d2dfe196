package dev.spindle.sync;

import dev.spindle.internal.Clocks;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks, as asyncio's {@code Condition}: a {@link Lock} plus a set of tasks
 * waiting to be signalled. asyncio's {@code wait}, {@code wait_for}, {@code notify} and
 * {@code notify_all} are {@link #await()}, {@link #awaitUntil(BooleanSupplier)}, {@link #signal(int)} and
 * {@link #signalAll()} here, because Java reserves {@code wait} and {@code notify} for monitors.
 *
 * <p><b>Who may call.</b> {@code await}, {@code awaitUntil} and the {@code signal} methods must be called
 * by the thread that acquired the condition's lock (with {@link #acquire()} here or on the lock itself)
 * and has not released it; otherwise they throw {@link IllegalStateException}. This is stricter than
 * asyncio, which only checks that the lock is locked by anyone.
 *
 * <p><b>Waiting.</b> {@code await} releases the lock, blocks until signalled, and re-acquires the lock
 * before it returns or throws, whatever happens. Waiters are signalled in arrival order, and waiters
 * signalled together get the lock back, and return, in that order (a signal queues them for the lock
 * behind the tasks already waiting for it, as asyncio's woken waiters queue in turn). As with every
 * condition variable, a waiter should re-check what it waits for after waking:
 * {@link #awaitUntil(BooleanSupplier)} does that loop.
 *
 * <p><b>Cancellation.</b> A cancelled {@code await} re-acquires the lock first (it may stay blocked
 * while another task holds it), then throws {@link CancellationException} with the lock held. If it had
 * been signalled at that moment, the signal passes to the next waiter, so no signal is lost.
 *
 * <p>This class is thread-safe. A {@code signal} happens-before the {@code await} it wakes returns.
 * @since 0.1.0
 */
public final class Condition extends Primitive {

    private final Lock lock;
    private final WaitList waiters = new WaitList(); // guarded by guard

    /**
     * Creates a condition with a new lock of its own.
     * @since 0.1.0
     */
    public Condition() {
        this(new Lock());
    }

    /**
     * Creates a condition over {@code lock}, which other code may also use directly.
     *
     * @param lock the lock
     * @since 0.1.0
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Names the condition, for task dumps ("waiting on Condition 'space'") and {@link #toString()}.
     * Meant to be called once, right after construction.
     *
     * @param name the name, not blank
     * @return this condition
     * @since 0.1.0
     */
    public Condition named(String name) {
        setName(name);
        return this;
    }

    /**
     * Acquires the condition's lock; see {@link Lock#acquire()}.
     *
     * @throws CancellationException if the calling task is cancelled first; the lock is then not held
     * @since 0.1.0
     */
    public void acquire() {
        lock.acquire();
    }

    /**
     * Acquires the condition's lock, blocking at most {@code timeout}; see {@link Lock#acquire(Duration)}.
     *
     * @param timeout how long to wait
     * @return whether the lock is now held
     * @throws CancellationException if the calling task is cancelled first; the lock is then not held
     * @since 0.1.0
     */
    public boolean acquire(Duration timeout) {
        return lock.acquire(timeout);
    }

    /**
     * Releases the condition's lock; see {@link Lock#release()}.
     *
     * @throws IllegalStateException if the lock is not locked
     * @since 0.1.0
     */
    public void release() {
        lock.release();
    }

    /**
     * Releases the lock, blocks until signalled, and re-acquires the lock.
     *
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @throws CancellationException if the calling task is cancelled first; the lock is held again
     * @since 0.1.0
     */
    public void await() {
        doAwait(false, 0L);
    }

    /**
     * Releases the lock, blocks at most {@code timeout} until signalled, and re-acquires the lock (the
     * time spent re-acquiring it is not bounded by {@code timeout}).
     *
     * @param timeout how long to wait for a signal; zero or negative does not wait
     * @return {@code true} if signalled, {@code false} if the time ran out first
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @throws CancellationException if the calling task is cancelled first; the lock is held again
     * @since 0.1.0
     */
    public boolean await(Duration timeout) {
        return doAwait(true, Sync.nanos(timeout));
    }

    /**
     * Waits until {@code predicate} holds (asyncio's {@code wait_for}): checks it, and while it is
     * false, {@link #await()}s. The predicate runs with the lock held.
     *
     * @param predicate what to wait for
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @throws CancellationException if the calling task is cancelled first; the lock is held again
     * @since 0.1.0
     */
    public void awaitUntil(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        ensureHeld("wait");
        while (!predicate.getAsBoolean()) {
            doAwait(false, 0L);
        }
    }

    /**
     * Waits at most {@code timeout} until {@code predicate} holds.
     *
     * @param predicate what to wait for
     * @param timeout how long to wait in all
     * @return {@code true} if the predicate holds, {@code false} if the time ran out first (the lock is
     *     held in both cases)
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @throws CancellationException if the calling task is cancelled first; the lock is held again
     * @since 0.1.0
     */
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        long deadline = Sync.deadline(Sync.nanos(timeout));
        ensureHeld("wait");
        while (!predicate.getAsBoolean()) {
            long left = deadline - Clocks.nanoTime();
            if (left <= 0L) {
                return false;
            }
            doAwait(true, left);
        }
        return true;
    }

    private boolean doAwait(boolean timed, long nanos) {
        ensureHeld("wait");
        if (timed && nanos == 0L) {
            return false;
        }
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w = new Waiter();
        guard.lock();
        try {
            waiters.add(w);
        } finally {
            guard.unlock();
        }
        lock.release();
        int parked = Sync.park(w, this, describe(), timed, deadline);
        boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
        Waiter lockTurn; // the place in the lock's queue our signal took for us, or null if not signalled
        guard.lock();
        try {
            lockTurn = waiters.remove(w) ? null : (Waiter) w.item;
        } finally {
            guard.unlock();
        }
        boolean signalled = lockTurn != null;
        // a cancellation that arrived by the time the lock is ours again wins, as in asyncio
        boolean interruptedAgain = (signalled ? lock.awaitHandOver(lockTurn) : lock.acquireUninterruptibly())
                | Thread.interrupted();
        if (interrupted || interruptedAgain) {
            if (signalled) {
                signalNext(1); // a cancelled waiter does not swallow the signal
            }
            if (interrupted && interruptedAgain) {
                Thread.currentThread().interrupt(); // a second cancellation, for the next blocking call
            }
            throw Sync.cancelled();
        }
        return signalled;
    }

    /**
     * Wakes the oldest waiter, if any (asyncio's {@code notify()}).
     *
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @since 0.1.0
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiters, oldest first (asyncio's {@code notify(n)}).
     *
     * @param n how many, not negative
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @throws IllegalArgumentException if {@code n} is negative
     * @since 0.1.0
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        ensureHeld("notify");
        signalNext(n);
    }

    /**
     * Wakes every waiter (asyncio's {@code notify_all()}).
     *
     * @throws IllegalStateException if the calling thread does not hold the lock
     * @since 0.1.0
     */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code n} of the oldest waiters; the caller holds the lock. Each one's place in the lock's
     * queue is taken here, in wait order, so the waiters woken together get the lock back in that order
     * (as asyncio's tasks resume in the order their futures were set) instead of racing for it.
     */
    private void signalNext(int n) {
        guard.lock();
        try {
            for (int i = 0; i < n; i++) {
                Waiter w = waiters.poll();
                if (w == null) {
                    break;
                }
                w.item = lock.enqueue(w.thread);
                w.state = Waiter.GRANTED;
                Waiter.wake(w);
            }
        } finally {
            guard.unlock();
        }
    }

    private void ensureHeld(String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot " + what + " on un-acquired lock: " + describe()
                    + " needs its lock held by the calling task; acquire() it first");
        }
    }

    /** Blocked callers (for tests). */
    int waiterCount() {
        return lockedRead(waiters::size);
    }

    /**
     * Describes the condition: name, its lock, and how many wait.
     *
     * @return for example {@code Condition 'space'[2 waiting, Lock@1b2c3d[locked, 0 waiting]]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        int n;
        guard.lock();
        try {
            n = waiters.size();
        } finally {
            guard.unlock();
        }
        return describe() + "[" + n + " waiting, " + lock + "]";
    }
}
