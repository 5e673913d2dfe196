package dev.spindle.sync;

import dev.spindle.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A meeting point for a fixed number of tasks, as asyncio's {@code Barrier}: each of {@code parties}
 * tasks calls {@link #await()}, which blocks until the last one arrives, then all are released
 * together and the barrier is ready for the next round once they have all left.
 *
 * <p><b>States</b> (asyncio's): <i>filling</i> while a round gathers its parties; <i>draining</i> from the
 * moment the last party arrives until every released party has returned from {@code await} (a released
 * task returns once it runs again); <i>resetting</i> after a {@link #reset()} until the parties still
 * inside have left; <i>broken</i> after {@link #abort()} until a reset. A task that arrives while the
 * barrier drains or resets waits until it is empty again and then joins the next round, so rounds never
 * mix.
 *
 * <p><b>Indices.</b> {@code await} returns the caller's index in the round, {@code 0} to
 * {@code parties - 1}, in arrival order among the tasks released together (a task that arrived and
 * then gave up does not count), so each index appears exactly once per round.
 *
 * <p><b>Breaking.</b> {@link #abort()} breaks the barrier: the tasks in it, the ones waiting to enter,
 * and every later {@code await} throw {@link BarrierBrokenException} until {@link #reset()}. A
 * {@code reset()} makes the tasks in the barrier throw {@code BarrierBrokenException} and lets the next
 * round fill once they have left. "In the barrier" includes a task that was released but has not yet
 * returned (the barrier is draining): as in asyncio, an abort or a reset that comes first makes it throw
 * instead of returning its index.
 *
 * <p><b>Cancellation and timeouts.</b> A waiter that is cancelled (or whose timeout passes) leaves the
 * round without breaking the barrier: {@link #waiting()} drops by one. A waiter cancelled at the moment
 * its round completed throws {@link CancellationException}; the others are released as usual.
 *
 * <p>This class is thread-safe; any task or thread may call any method. Actions of every party before
 * its {@code await} happen-before every party's return from it.
 * @since 0.1.0
 */
public final class Barrier extends Primitive {

    // States, as asyncio's _BarrierState. FILLING -> DRAINING (the last party arrived) -> FILLING (the last
    // released party left); FILLING or DRAINING -> RESETTING (reset() while parties are inside) -> FILLING
    // (the last of them left); any -> BROKEN (abort()) -> RESETTING or FILLING (reset()).
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = 2;
    private static final int BROKEN = 3;
    private static final String[] STATE_NAMES = {"filling", "draining", "resetting", "broken"};

    private final int parties;
    // all guarded by guard
    /** The parties of the filling round, in arrival order, until the round fills. */
    private final WaitList arrivals = new WaitList();
    /** Tasks that arrived while the barrier drained or reset, waiting for it to empty. */
    private final WaitList entering = new WaitList();
    private int state = FILLING;
    /** Tasks inside {@code await}: arrived in a round and not yet left (asyncio's {@code _count}). */
    private int inside;

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
        setName(name);
        return this;
    }

    /**
     * Arrives and waits until {@code parties} tasks have arrived (first, if the barrier is draining or
     * resetting, until it is empty).
     *
     * @return the caller's index in this round, in arrival order
     * @throws BarrierBrokenException if the barrier is broken, or is aborted or reset before the call returns
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
     * @throws BarrierBrokenException if the barrier is broken, or is aborted or reset before the call returns
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
            if (!enter(timed, nanos, deadline)) {
                return -1;
            }
            inside++;
            if (arrivals.size() + 1 == parties) { // the last arrival releases the round
                state = DRAINING;
                int index = 0;
                for (Waiter p = arrivals.poll(); p != null; p = arrivals.poll()) {
                    p.index = index++;
                    p.state = Waiter.GRANTED;
                    Waiter.wake(p);
                }
                leave();
                return index;
            }
            if (timed && nanos == 0L) {
                leave();
                return -1;
            }
            w = new Waiter();
            arrivals.add(w);
        } finally {
            guard.unlock();
        }
        int parked = Sync.park(w, this, describe(), timed, deadline);
        guard.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            boolean released = !arrivals.remove(w);
            boolean broken = state == BROKEN || state == RESETTING; // seen as we leave, as asyncio's task does
            leave();
            if (interrupted) {
                throw Sync.cancelled();
            }
            if (!released) {
                return -1; // left the round before it completed
            }
            if (broken || w.state == Waiter.REFUSED) {
                throw brokenException();
            }
            return w.index;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Under the guard: waits (unlocking it meanwhile) while the barrier drains or resets, then checks that
     * it is not broken.
     *
     * @return {@code false} at the deadline
     */
    private boolean enter(boolean timed, long nanos, long deadline) {
        while (state == DRAINING || state == RESETTING) {
            if (timed && nanos == 0L) {
                return false;
            }
            Waiter w = new Waiter();
            entering.add(w);
            guard.unlock();
            int parked;
            try {
                parked = Sync.park(w, this, describe(), timed, deadline);
            } finally {
                guard.lock();
            }
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            boolean answered = !entering.remove(w);
            if (interrupted) {
                throw Sync.cancelled();
            }
            if (!answered) {
                return false;
            }
        }
        if (state == BROKEN) {
            throw brokenException();
        }
        return true;
    }

    /**
     * Under the guard: a task leaves {@code await}. The last one out of a drained or reset round makes the
     * barrier fill again and lets in the tasks waiting to enter (they look at the state again as they run).
     */
    private void leave() {
        if (--inside == 0) {
            if (state == DRAINING || state == RESETTING) {
                state = FILLING;
            }
            entering.answerAll(Waiter.GRANTED);
        }
    }

    private BarrierBrokenException brokenException() {
        return new BarrierBrokenException(describe() + " is broken: aborted, or reset while waiting");
    }

    /**
     * Makes the barrier usable again (asyncio's {@code reset}): the tasks in it now, waiting or released
     * but not yet returned, throw {@link BarrierBrokenException}; once they have left, the barrier is no
     * longer broken and the next round fills. Tasks arriving before that wait for it.
     * @since 0.1.0
     */
    public void reset() {
        guard.lock();
        try {
            if (inside > 0) {
                state = RESETTING;
                arrivals.answerAll(Waiter.REFUSED);
            } else {
                state = FILLING;
                entering.answerAll(Waiter.GRANTED);
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Breaks the barrier (asyncio's {@code abort}): the tasks in it now (waiting, or released but not yet
     * returned), the tasks waiting to enter, and every later {@link #await()} throw
     * {@link BarrierBrokenException}, until {@link #reset()}.
     * @since 0.1.0
     */
    public void abort() {
        guard.lock();
        try {
            state = BROKEN;
            arrivals.answerAll(Waiter.REFUSED);
            entering.answerAll(Waiter.GRANTED); // they look at the state again and throw
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
     * The number of tasks waiting in the filling round (asyncio's {@code n_waiting}); 0 while the barrier
     * drains, resets or is broken.
     *
     * @return a snapshot
     * @since 0.1.0
     */
    public int waiting() {
        return lockedRead(() -> state == FILLING ? inside : 0);
    }

    /** Tasks inside {@code await}, released ones not yet returned included (asyncio's {@code _count}; for tests). */
    int inside() {
        return lockedRead(() -> inside);
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
            return state == BROKEN;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Describes the barrier: name, parties, waiting tasks, and its state unless it is filling.
     *
     * @return for example {@code Barrier 'phase'[parties=3, waiting=1]} or
     *     {@code Barrier 'phase'[parties=3, waiting=0, draining]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describeLocked(() -> "[parties=" + parties + ", waiting=" + (state == FILLING ? inside : 0)
                    + (state == FILLING ? "]" : ", " + STATE_NAMES[state] + "]"));
    }
}
