package dev.spindle.sync;

import dev.spindle.internal.Blocking;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A mutual-exclusion lock for tasks, as asyncio's {@code Lock}: {@link #acquire()} blocks the calling
 * (virtual) thread until the lock is free.
 *
 * <p><b>Fair, no barging.</b> Waiters get the lock in arrival order. {@link #release()} hands the lock
 * straight to the oldest waiter, so a task that calls {@code acquire} after a release but before the
 * woken waiter has run still queues behind it.
 *
 * <p><b>Not reentrant, no owner.</b> As in asyncio, a second {@code acquire} by the task that holds the
 * lock blocks (it is not detected as a deadlock: the lock has no owner, and another task may
 * {@code release} it, which then lets the second acquire through). Bound such waits with
 * {@link #acquire(Duration)} or {@code Spindle.timeout}; a task dump shows the task waiting on the lock.
 * Prefer {@link #withLock(Callable)}, which releases in all cases.
 *
 * <p><b>Cancellation.</b> {@code acquire} throws {@link CancellationException} if the calling task is
 * cancelled before or while it waits, and then never holds the lock: if the lock was handed to it at
 * the moment it was cancelled, it hands the lock on to the next waiter (or leaves it unlocked).
 *
 * <p><b>Thread safety.</b> This class is thread-safe; any task or thread may call any method. A
 * {@code release} happens-before the {@code acquire} that gets the lock next.
 * @since 0.1.0
 */
public final class Lock extends GrantQueue {

    // guarded by guard
    private boolean locked;
    /** The thread of the last successful acquire while locked; {@code null} when unlocked. For Condition. */
    private Thread holder;

    /**
     * Creates an unlocked lock.
     * @since 0.1.0
     */
    public Lock() {}

    /**
     * Names the lock, for task dumps ("waiting on Lock 'db'") and {@link #toString()}. Meant to be
     * called once, right after construction.
     *
     * @param name the name, not blank
     * @return this lock
     * @since 0.1.0
     */
    public Lock named(String name) {
        setName(name);
        return this;
    }

    /** Under the guard: locks a free lock for the calling thread. */
    @Override
    boolean tryTake() {
        if (locked) {
            return false;
        }
        locked = true; // no waiter can exist while unlocked: release hands the lock on directly
        holder = Thread.currentThread();
        return true;
    }

    /**
     * Acquires the lock ignoring cancellation (for {@link Condition}, which must re-acquire before it
     * reports one).
     *
     * @return whether the calling thread was interrupted meanwhile; the caller restores or reports it
     */
    boolean acquireUninterruptibly() {
        Waiter w = Sync.queueUnless(guard, GrantQueue::tryTake, this, waiters, false, 0L);
        return w != Sync.READY && awaitHandOver(w);
    }

    /**
     * Queues {@code thread} for the lock behind the current waiters, on behalf of a {@link Condition}
     * whose signal moves a woken waiter here, so that waiters woken together get the lock in the order
     * they were woken instead of racing for it. The caller holds the lock; the thread then waits with
     * {@link #awaitHandOver}.
     *
     * @return the waiter to pass to {@link #awaitHandOver}
     */
    Waiter enqueue(Thread thread) {
        Waiter w = new Waiter(thread);
        guard.lock();
        try {
            if (!locked) { // released meanwhile by another task (the lock has no owner): it is free, take it
                locked = true;
                holder = thread;
                w.state = Waiter.GRANTED;
            } else {
                waiters.add(w);
            }
        } finally {
            guard.unlock();
        }
        return w;
    }

    /**
     * Waits, ignoring cancellation, until the lock is handed to {@code w}, queued for the calling thread.
     *
     * @return whether the calling thread was interrupted meanwhile; the caller restores or reports it
     */
    boolean awaitHandOver(Waiter w) {
        String previous = Blocking.waitingOn(describe());
        try {
            return w.parkUninterruptibly(this);
        } finally {
            Blocking.doneWaiting(previous);
        }
    }

    /**
     * Releases the lock: the oldest waiter, if any, gets it now. Any task or thread may release the
     * lock, as in asyncio, not only the one that acquired it.
     *
     * @throws IllegalStateException if the lock is not locked
     * @since 0.1.0
     */
    public void release() {
        Waiter wake;
        guard.lock();
        try {
            if (!locked) {
                throw new IllegalStateException(describe() + " is not acquired: release() needs a matching acquire()");
            }
            wake = handOn();
        } finally {
            guard.unlock();
        }
        Waiter.wake(wake);
    }

    /** Under the guard: gives the held lock to the oldest waiter, or unlocks it. */
    @Override
    Waiter handOn() {
        Waiter next = waiters.grantFirst();
        holder = next == null ? null : next.thread;
        locked = next != null;
        return next;
    }

    /**
     * Whether the lock is held now.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public boolean isLocked() {
        guard.lock();
        try {
            return locked;
        } finally {
            guard.unlock();
        }
    }

    /** Whether the calling thread acquired the lock and it has not been released since. */
    boolean isHeldByCurrentThread() {
        guard.lock();
        try {
            return locked && holder == Thread.currentThread();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Runs {@code body} holding the lock, and releases it however the body ends (asyncio's
     * {@code async with lock}).
     *
     * @param body the guarded code
     * @param <T> its result type
     * @return the body's result
     * @throws CancellationException if the calling task is cancelled while it waits for the lock (the
     *     body does not run) or in the body
     * @throws dev.spindle.TaskFailedException if the body threw a checked exception (it is the cause);
     *     unchecked ones pass as they are
     * @since 0.1.0
     */
    public <T> T withLock(Callable<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        acquire();
        try {
            return Sync.call(body, describe() + ".withLock");
        } finally {
            release();
        }
    }
    /**
     * Describes the lock: name, and whether it is locked and how many wait.
     *
     * @return for example {@code Lock 'db'[locked, 2 waiting]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describeLocked(() -> locked ? "[locked, " + waiters.size() + " waiting]" : "[unlocked]");
    }
}
