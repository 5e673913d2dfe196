package dev.spindle.sync;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * Limits how many tasks do something at once, as Trio's {@code CapacityLimiter}: a number of tokens
 * that tasks borrow with {@link #acquire()} and give back with {@link #release()}. Unlike a
 * {@link Semaphore}, it knows who borrowed: each token is held by one thread (one Spindle task), a thread
 * holds at most one token of a limiter, and only a holder can give one back. The number of tokens can
 * change while in use ({@link #setTotalTokens(int)}).
 *
 * <p><b>Fair, no barging.</b> Waiters get tokens in arrival order; a returned token goes straight to
 * the oldest waiter.
 *
 * <p><b>Cancellation.</b> {@code acquire} throws {@link CancellationException} if the calling task is
 * cancelled before or while it waits, and then holds no token: a token handed to it at that same moment
 * goes on to the next waiter.
 *
 * <p>This class is thread-safe; any task or thread may call any method. A {@code release}
 * happens-before the {@code acquire} that gets the token next.
 * @since 0.1.0
 */
public final class CapacityLimiter extends GrantQueue {

    // guarded by guard
    private final Set<Thread> borrowers = new HashSet<>();
    private int totalTokens;

    /**
     * Creates a limiter with {@code totalTokens} tokens.
     *
     * @param totalTokens how many tasks may hold a token at once, at least 1
     * @throws IllegalArgumentException if {@code totalTokens} is less than 1
     * @since 0.1.0
     */
    public CapacityLimiter(int totalTokens) {
        this.totalTokens = checkTotal(totalTokens);
    }

    private static int checkTotal(int totalTokens) {
        if (totalTokens < 1) {
            throw new IllegalArgumentException("totalTokens must be >= 1, got " + totalTokens);
        }
        return totalTokens;
    }

    /**
     * Names the limiter, for task dumps ("waiting on CapacityLimiter 'http'") and {@link #toString()}.
     * Meant to be called once, right after construction.
     *
     * @param name the name, not blank
     * @return this limiter
     * @since 0.1.0
     */
    public CapacityLimiter named(String name) {
        setName(name);
        return this;
    }

    /** Under the guard: lends a free token to the calling thread, which must not hold one already. */
    @Override
    boolean tryTake() {
        Thread me = Thread.currentThread();
        if (borrowers.contains(me)) {
            throw new IllegalStateException("Thread '" + me.getName() + "' already holds a token of "
                    + describe() + "; a borrower holds at most one");
        }
        if (borrowers.size() < totalTokens) { // nobody waits while a token is free
            borrowers.add(me);
            return true;
        }
        return false;
    }

    /** Under the guard: the calling thread's token, handed to it as it was cancelled, passes on. */
    @Override
    Waiter handOn() {
        borrowers.remove(Thread.currentThread());
        return grantNext();
    }

    /**
     * Gives back the calling thread's token: the oldest waiter, if any, gets it now.
     *
     * @throws IllegalStateException if the calling thread holds no token of this limiter
     * @since 0.1.0
     */
    public void release() {
        Thread me = Thread.currentThread();
        Waiter wake;
        guard.lock();
        try {
            if (!borrowers.remove(me)) {
                throw new IllegalStateException("Thread '" + me.getName() + "' holds no token of " + describe()
                        + ": release() must be called by the borrower after its acquire()");
            }
            wake = grantNext();
        } finally {
            guard.unlock();
        }
        Waiter.wake(wake);
    }

    /** Under the guard: lends a token to the oldest waiter if one is free. */
    private Waiter grantNext() {
        if (waiters.isEmpty() || borrowers.size() >= totalTokens) {
            return null;
        }
        Waiter w = waiters.grantFirst();
        borrowers.add(w.thread);
        return w;
    }

    /**
     * Runs {@code body} holding a token, and gives it back however the body ends.
     *
     * @param body the limited code
     * @param <T> its result type
     * @return the body's result
     * @throws IllegalStateException if the calling thread already holds a token of this limiter
     * @throws CancellationException if the calling task is cancelled while it waits (the body does not
     *     run) or in the body
     * @throws dev.spindle.TaskFailedException if the body threw a checked exception (it is the cause);
     *     unchecked ones pass as they are
     * @since 0.1.0
     */
    public <T> T withToken(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            return Sync.call(body, describe() + ".withToken");
        } finally {
            release();
        }
    }

    /**
     * The number of tokens.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public int totalTokens() {
        return lockedRead(() -> totalTokens);
    }

    /**
     * Changes the number of tokens. Raising it lends the new tokens to waiters at once, oldest first;
     * lowering it takes no token away, but new borrowers wait until fewer than the new total are out.
     *
     * @param totalTokens the new number, at least 1
     * @throws IllegalArgumentException if {@code totalTokens} is less than 1
     * @since 0.1.0
     */
    public void setTotalTokens(int totalTokens) {
        checkTotal(totalTokens);
        guard.lock();
        try {
            this.totalTokens = totalTokens;
            for (Waiter w = grantNext(); w != null; w = grantNext()) {
                Waiter.wake(w);
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * The number of tokens held now.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public int borrowed() {
        return lockedRead(borrowers::size);
    }

    /**
     * The number of tokens free now: {@code totalTokens() - borrowed()}, or zero if the total was lowered
     * below the number held.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public int available() {
        return lockedRead(() -> Math.max(0, totalTokens - borrowers.size()));
    }
    /**
     * Describes the limiter: name, tokens held and total, and waiters.
     *
     * @return for example {@code CapacityLimiter 'http'[borrowed=2/2, 3 waiting]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describeLocked(() -> "[borrowed=" + borrowers.size() + "/" + totalTokens + ", " + waiters.size() + " waiting]");
    }
}
