package dev.spindle.sync;

import dev.spindle.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A meeting point for a fixed number of tasks, as asyncio's {@code Barrier}: each of {@code parties}
 * tasks calls {@link #await()}, which blocks until the last one arrives, then all are released
 * together and the barrier is ready for the next round.
 *
 * <p><b>Indices.</b> {@code await} returns the caller's index in the round, {@code 0} to
 * {@code parties - 1}, in arrival order among the tasks released together (a task that arrived and
 * then gave up does not count), so each index appears exactly once per round.
 *
 * <p><b>Breaking.</b> {@link #abort()} breaks the barrier: waiting and later {@code await} calls throw
 * {@link BarrierBrokenException} until {@link #reset()}. {@code reset()} makes the tasks waiting now
 * throw {@code BarrierBrokenException} and leaves the barrier empty and usable.
 *
 * <p><b>Cancellation and timeouts.</b> A waiter that is cancelled (or whose timeout passes) leaves the
 * round without breaking the barrier: {@link #waiting()} drops by one. A waiter cancelled at the moment
 * its round completed throws {@link CancellationException}; the others are released as usual.
 *
 * <p>This class is thread-safe; any task or thread may call any method. Actions of every party before
 * its {@code await} happen-before every party's return from it.
 * @since 0.1.0
 */
public final class Barrier {

    private final int parties;
    private final ReentrantLock guard = new ReentrantLock();
    // guarded by guard
    private final WaitList waiters = new WaitList();
    private boolean broken;

    private volatile String name;
    /** {@link #describe()}, computed once: blocking calls record it for task dumps on every wait. */
    private volatile String description;

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @param parties how many tasks each round waits for, at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     * @since 0.1.0
     */
    public Barrier(int parties) {
        if (parties <= 0) {
            throw new IllegalArgumentException("parties must be > 0, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Names the barrier, for task dumps ("waiting on Barrier 'phase'") and {@link #toString()}. Meant to
     * be called once, right after construction.
     *
     * @param name the name, not blank
     * @return this barrier
     * @since 0.1.0
     */
    public Barrier named(String name) {
        this.name = Sync.requireName(name);
        this.description = null;
        return this;
    }

    private String describe() {
        String d = description;
        if (d == null) {
            d = Sync.describe("Barrier", name, this);
            description = d;
        }
        return d;
    }

    /**
     * Arrives and waits until {@code parties} tasks have arrived.
     *
     * @return the caller's index in this round, in arrival order
     * @throws BarrierBrokenException if the barrier is broken, or is aborted or reset while the call waits
     * @throws CancellationException if the calling task is cancelled first; the barrier stays intact
     * @since 0.1.0
     */
    public int await() {
        return doAwait(false, 0L);
    }

    /**
     * Arrives and waits at most {@code timeout} until {@code parties} tasks have arrived. On timeout the
     * caller leaves the round and the barrier stays intact (as with asyncio's {@code wait_for}; unlike
     * the JDK's {@code CyclicBarrier}, which breaks).
     *
     * @param timeout how long to wait; zero or negative does not wait (unless the caller completes the round)
     * @return the caller's index in this round, in arrival order
     * @throws DeadlineExceededException if the time ran out first
     * @throws BarrierBrokenException if the barrier is broken, or is aborted or reset while the call waits
     * @throws CancellationException if the calling task is cancelled first; the barrier stays intact
     * @since 0.1.0
     */
    public int await(Duration timeout) {
        int index = doAwait(true, Sync.nanos(timeout));
        if (index < 0) {
            throw new DeadlineExceededException(describe() + ": await(" + timeout + ") expired before "
                    + parties + " parties arrived", null);
        }
        return index;
    }

    /** Returns -1 on timeout. */
    private int doAwait(boolean timed, long nanos) {
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w;
        guard.lock();
        try {
            if (broken) {
                throw brokenException();
            }
            if (waiters.size() + 1 == parties) { // the last arrival releases the round
                int index = 0;
                for (Waiter p = waiters.poll(); p != null; p = waiters.poll()) {
                    p.index = index++;
                    p.state = Waiter.GRANTED;
                    Waiter.wake(p);
                }
                return index;
            }
            if (timed && nanos == 0L) {
                return -1;
            }
            w = new Waiter();
            waiters.add(w);
        } finally {
            guard.unlock();
        }
        int parked = Sync.park(w, this, describe(), timed, deadline);
        guard.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            if (waiters.remove(w)) { // left the round before it completed
                if (interrupted) {
                    throw Sync.cancelled();
                }
                return -1;
            }
            if (interrupted) {
                throw Sync.cancelled();
            }
            if (w.state == Waiter.REFUSED) {
                throw brokenException();
            }
            return w.index;
        } finally {
            guard.unlock();
        }
    }

    private BarrierBrokenException brokenException() {
        return new BarrierBrokenException(describe() + " is broken: aborted, or reset while waiting");
    }

    /**
     * Makes the barrier usable again: the tasks waiting now throw {@link BarrierBrokenException}, and
     * the barrier is empty and no longer broken.
     * @since 0.1.0
     */
    public void reset() {
        guard.lock();
        try {
            waiters.answerAll(Waiter.REFUSED);
            broken = false;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Breaks the barrier: the tasks waiting now and every later {@link #await()} throw
     * {@link BarrierBrokenException}, until {@link #reset()}.
     * @since 0.1.0
     */
    public void abort() {
        guard.lock();
        try {
            broken = true;
            waiters.answerAll(Waiter.REFUSED);
        } finally {
            guard.unlock();
        }
    }

    /**
     * The number of tasks each round waits for.
     *
     * @return the parties given at construction
     * @since 0.1.0
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of tasks waiting in the current round (asyncio's {@code n_waiting}).
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public int waiting() {
        guard.lock();
        try {
            return waiters.size();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Whether the barrier is broken (aborted and not reset since).
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public boolean isBroken() {
        guard.lock();
        try {
            return broken;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Describes the barrier: name, parties, waiting tasks, and whether it is broken.
     *
     * @return for example {@code Barrier 'phase'[parties=3, waiting=1]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        guard.lock();
        try {
            return describe() + "[parties=" + parties + ", waiting=" + waiters.size() + (broken ? ", broken]" : "]");
        } finally {
            guard.unlock();
        }
    }
}
