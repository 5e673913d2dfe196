package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bottom layer of a task ({@link TaskImpl} explains the layers): its state and outcome, and how it
 * reports them through {@link Task} and {@link java.util.concurrent.Future} (join, get, resultNow,
 * exceptionNow, state). Only the task's own thread writes here, through {@link #markRunning} and
 * {@link #publish}: the outcome goes to plain fields and the volatile write of {@link #state} publishes
 * it, so every reader reads the state first. A failure handed out counts as retrieved.
 *
 * <p>States: {@code NEW -> RUNNING -> SUCCESS | FAILED | CANCELLED}, or {@code NEW -> CANCELLED} when a
 * cancellation arrived before the body started (the body then never runs).
 */
abstract sealed class TaskResults<T> permits TaskCancellation {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int SUCCESS = 2;
    static final int FAILED = 3;
    static final int CANCELLED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TaskResults.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The outcome first: HotSpot lays out a superclass's fields before its subclasses' and references in
    // the order declared, after the primitive fields, so these sit as close to the state as they can,
    // often on its cache line (a joiner reads them). Every field costs each of a million parked tasks its
    // bytes, and the collector copies them all (W5).
    /** The result of a successful task or the failure of a failed one; published by the write of state. */
    private Object outcome;
    private EndReason endReason; // published by the write of state
    private volatile int state; // written by the own thread only
    private volatile boolean retrieved; // someone looked at the failure

    /** The task's name, for messages. */
    public abstract String name();

    /** Waits until the task is done; see {@link TaskImpl#awaitDone}. */
    abstract boolean awaitDone(boolean timed, long nanos) throws InterruptedException;

    /** The task's own thread, as the body starts. No one waits for RUNNING: a release store is enough. */
    final void markRunning() {
        STATE.setRelease(this, RUNNING);
    }

    /**
     * The task's own thread, as it finishes: writes the outcome and publishes it with the final state. A
     * release store: the joiners' handshake is the exchange of the waiter stack that follows, a full fence
     * that also orders this store before any later read.
     */
    final void publish(int finalState, Object value, Throwable thrown, EndReason why) {
        assert endReason == null || endReason == why;
        outcome = finalState == SUCCESS ? value : finalState == FAILED ? thrown : null;
        endReason = why;
        STATE.setRelease(this, finalState);
    }

    final int rawState() {
        return state;
    }

    final boolean isFinished() {
        return state > RUNNING;
    }

    /** The result of a successful task; read after the state. */
    @SuppressWarnings("unchecked")
    final T resultAfterState() {
        return (T) outcome;
    }

    /** The failure of a failed task, without counting as retrieval; {@code null} otherwise. */
    final Throwable failureOrNull() {
        return state == FAILED ? (Throwable) outcome : null;
    }

    final void markRetrieved() {
        retrieved = true;
    }

    final boolean isRetrieved() {
        return retrieved;
    }

    // ---------------------------------------------------------------- Task and Future

    /** {@link Task#join()}. */
    public final T join() {
        TaskImpl<?> me = callerNotSelf("join");
        if (!isFinished()) {
            Object previous = me == null ? null : me.swapWaitingOn(this); // described only if a dump asks
            try {
                awaitDone(false, 0L);
            } catch (InterruptedException e) {
                throw Blocking.cancelled(e);
            } finally {
                if (me != null) {
                    me.swapWaitingOn(previous);
                }
            }
        }
        return report();
    }

    /** The outcome of a finished task, as {@link #join()} reports it; marks a failure retrieved. */
    final T report() {
        switch (state) {
            case SUCCESS:
                return resultAfterState();
            case FAILED:
                retrieved = true; // never an interrupt: that ends CANCELLED
                throw Failures.unchecked(failureOrNull(), "Task '" + name() + "'");
            case CANCELLED:
                throw cancelledException();
            default:
                throw new IllegalStateException("Task '" + name() + "' has not finished");
        }
    }

    final CancellationException cancelledException() {
        return new CancellationException("Task '" + name() + "' was cancelled: " + ReasonChain.text(endReason().orElseThrow()));
    }

    /** {@link java.util.concurrent.Future#get()}. */
    public final T get() throws InterruptedException, ExecutionException {
        callerNotSelf("get");
        awaitDone(false, 0L);
        return getReport();
    }

    /** {@link java.util.concurrent.Future#get(long, TimeUnit)}. */
    public final T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        callerNotSelf("get");
        if (!awaitDone(true, unit.toNanos(timeout))) {
            throw new TimeoutException("Task '" + name() + "' did not finish within " + timeout + " " + unit);
        }
        return getReport();
    }

    private T getReport() throws ExecutionException {
        int s = state;
        if (s == FAILED) {
            retrieved = true;
            throw new ExecutionException(failureOrNull());
        }
        if (s == CANCELLED) {
            throw cancelledException();
        }
        return resultAfterState();
    }

    /** {@link java.util.concurrent.Future#resultNow()}. */
    public final T resultNow() {
        int s = state;
        if (s != SUCCESS) {
            throw new IllegalStateException("Task '" + name() + "' " + notThere(s, FAILED, "failed; use exceptionNow()"));
        }
        return resultAfterState();
    }

    /** {@link java.util.concurrent.Future#exceptionNow()}. */
    public final Throwable exceptionNow() {
        int s = state;
        if (s != FAILED) {
            throw new IllegalStateException("Task '" + name() + "' " + notThere(s, SUCCESS, "completed with a result"));
        }
        retrieved = true;
        return failureOrNull();
    }

    /** Why resultNow or exceptionNow has nothing to return in state {@code s}; {@code other} is the opposite outcome. */
    private static String notThere(int s, int other, String otherText) {
        return s == other ? otherText : s == CANCELLED ? "was cancelled" : "has not finished; use join() to wait";
    }

    /** {@link java.util.concurrent.Future#state()}. */
    public final Future.State state() {
        return switch (state) {
            case SUCCESS -> Future.State.SUCCESS;
            case FAILED -> Future.State.FAILED;
            case CANCELLED -> Future.State.CANCELLED;
            default -> Future.State.RUNNING;
        };
    }

    public final boolean isDone() {
        return state > RUNNING;
    }

    public final boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * Records why the task is ending, for its own thread to read ({@link #endReason()}) while it tells
     * its observer, before the outcome is {@link #publish published}. The task's own thread only.
     */
    final void decide(EndReason why) {
        endReason = why;
    }

    /** {@link Task#endReason()}; on the task's own thread also once {@link #decide decided}. */
    public final Optional<EndReason> endReason() {
        if (state > RUNNING) {
            return Optional.of(endReason);
        }
        EndReason deciding = endReason;
        return deciding != null && onOwnThread() ? Optional.of(deciding) : Optional.empty();
    }

    /** Whether the calling thread is the task's own. */
    abstract boolean onOwnThread();

    /**
     * The calling thread's task, or {@code null}; throws if it is this task and unfinished, which would
     * wait for itself. A finished task may be joined from anywhere, its own thread included (a done
     * callback runs there).
     */
    private TaskImpl<?> callerNotSelf(String method) {
        TaskImpl<?> caller = TaskImpl.current();
        if (caller == this && !isFinished()) {
            throw new IllegalStateException("Task '" + name() + "' cannot " + method
                    + " itself: it would wait forever. Join it from another task, or return the value instead");
        }
        return caller;
    }
}
