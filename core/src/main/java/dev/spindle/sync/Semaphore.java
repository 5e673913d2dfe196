package dev.spindle.sync;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A counting semaphore for tasks, as asyncio's {@code Semaphore}: a number of permits;
 * {@link #acquire()} takes one, blocking while none is left, and {@link #release()} gives one back.
 * {@code release} may be called more often than {@code acquire}, which raises the number of permits;
 * {@link BoundedSemaphore} forbids that.
 *
 * <p><b>Fair, no barging.</b> Waiters get permits in arrival order; a released permit goes straight to
 * the oldest waiter, so a later {@code acquire} cannot take it first.
 *
 * <p><b>Cancellation.</b> {@code acquire} throws {@link CancellationException} if the calling task is
 * cancelled before or while it waits, and then holds no permit: a permit handed to it at that same
 * moment goes on to the next waiter (or back to the semaphore).
 *
 * <p>This class is thread-safe; any task or thread may call any method. A {@code release}
 * happens-before the {@code acquire} that takes the permit it gave.
 * @since 0.1.0
 */
public sealed class Semaphore extends GrantQueue permits BoundedSemaphore {

    // guarded by guard
    /** Free permits; zero whenever somebody waits, because a release hands its permit to a waiter. */
    private int value;

    /**
     * Creates a semaphore with {@code value} permits.
     *
     * @param value the initial number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     * @since 0.1.0
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " initial value must be >= 0, got " + value);
        }
        this.value = value;
    }

    /**
     * Names the semaphore, for task dumps ("waiting on Semaphore 'db'") and {@link #toString()}. Meant
     * to be called once, right after construction.
     *
     * @param name the name, not blank
     * @return this semaphore
     * @since 0.1.0
     */
    public Semaphore named(String name) {
        setName(name);
        return this;
    }

    /** Under the guard: takes a free permit. */
    @Override
    boolean tryTake() {
        if (value == 0) {
            return false;
        }
        value--;
        return true;
    }

    /**
     * Gives a permit back: the oldest waiter, if any, gets it now.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if it would exceed its initial value
     * @since 0.1.0
     */
    public void release() {
        Waiter wake;
        guard.lock();
        try {
            checkRelease(value);
            wake = handOn();
        } finally {
            guard.unlock();
        }
        Waiter.wake(wake);
    }

    /** Under the guard: rejects a release that would exceed a bound. */
    void checkRelease(int freePermits) {}

    /** Under the guard: gives a permit to the oldest waiter, or adds it to the free ones. */
    @Override
    Waiter handOn() {
        Waiter next = waiters.grantFirst();
        if (next == null) {
            value++;
        }
        return next;
    }

    /**
     * Whether an {@code acquire} would block now (no free permit).
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public boolean isLocked() {
        guard.lock();
        try {
            return value == 0;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Runs {@code body} holding a permit, and gives it back however the body ends (asyncio's
     * {@code async with semaphore}).
     *
     * @param body the guarded code
     * @param <T> its result type
     * @return the body's result
     * @throws CancellationException if the calling task is cancelled while it waits (the body does not
     *     run) or in the body
     * @throws dev.spindle.TaskFailedException if the body threw a checked exception (it is the cause);
     *     unchecked ones pass as they are
     * @since 0.1.0
     */
    public <T> T withPermit(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            return Sync.call(body, describe() + ".withPermit");
        } finally {
            release();
        }
    }
    /**
     * Describes the semaphore: kind, name, free permits and waiters.
     *
     * @return for example {@code Semaphore 'db'[value=0, 3 waiting]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describeLocked(() -> "[value=" + value + ", " + waiters.size() + " waiting]");
    }
}
