package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Failures;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a task reports its outcome through {@link Task} and {@link java.util.concurrent.Future}: join, get,
 * resultNow, exceptionNow. Static functions of the task, which keeps the outcome; each reads the state
 * first (its volatile read publishes the outcome) and marks a failure it hands out as retrieved.
 */
final class TaskResults {

    private TaskResults() {}

    /**
     * The calling thread's task, or {@code null}; throws if it is {@code task} and unfinished, which would
     * wait for itself. A finished task may be joined from anywhere, its own thread included (a done
     * callback runs there).
     */
    private static TaskImpl<?> callerNotSelf(TaskImpl<?> task, String method) {
        TaskImpl<?> caller = TaskImpl.current();
        if (caller == task && !task.isFinished()) {
            throw new IllegalStateException("Task '" + task.name() + "' cannot " + method
                    + " itself: it would wait forever. Join it from another task, or return the value instead");
        }
        return caller;
    }

    /** {@link Task#join()}. */
    static <T> T join(TaskImpl<T> task) {
        TaskImpl<?> me = callerNotSelf(task, "join");
        if (!task.isFinished()) {
            Object previous = me == null ? null : me.waitingOn;
            if (me != null) {
                me.waitingOn = task; // described only if a dump asks, so a join allocates nothing
            }
            try {
                task.awaitDone(false, 0L);
            } catch (InterruptedException e) {
                throw Blocking.cancelled(e);
            } finally {
                if (me != null) {
                    me.waitingOn = previous;
                }
            }
        }
        return report(task);
    }

    /** The outcome of a finished task, as {@link Task#join()} reports it; marks a failure retrieved. */
    static <T> T report(TaskImpl<T> task) {
        switch (task.rawState()) {
            case TaskImpl.SUCCESS:
                return task.resultAfterState();
            case TaskImpl.FAILED:
                task.markRetrieved(); // never an interrupt: that ends CANCELLED
                throw Failures.unchecked(task.failureOrNull(), "Task '" + task.name() + "'");
            case TaskImpl.CANCELLED:
                throw cancelledException(task);
            default:
                throw new IllegalStateException("Task '" + task.name() + "' has not finished");
        }
    }

    static CancellationException cancelledException(TaskImpl<?> task) {
        return new CancellationException("Task '" + task.name() + "' was cancelled: "
                + ReasonChain.text(task.endReason().orElseThrow()));
    }

    /** {@link java.util.concurrent.Future#get()}. */
    static <T> T get(TaskImpl<T> task) throws InterruptedException, ExecutionException {
        callerNotSelf(task, "get");
        task.awaitDone(false, 0L);
        return getReport(task);
    }

    /** {@link java.util.concurrent.Future#get(long, TimeUnit)}. */
    static <T> T get(TaskImpl<T> task, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        callerNotSelf(task, "get");
        if (!task.awaitDone(true, unit.toNanos(timeout))) {
            throw new TimeoutException("Task '" + task.name() + "' did not finish within " + timeout + " " + unit);
        }
        return getReport(task);
    }

    private static <T> T getReport(TaskImpl<T> task) throws ExecutionException {
        int s = task.rawState();
        if (s == TaskImpl.FAILED) {
            task.markRetrieved();
            throw new ExecutionException(task.failureOrNull());
        }
        if (s == TaskImpl.CANCELLED) {
            throw cancelledException(task);
        }
        return task.resultAfterState();
    }

    /** {@link java.util.concurrent.Future#resultNow()}. */
    static <T> T resultNow(TaskImpl<T> task) {
        int s = task.rawState();
        if (s != TaskImpl.SUCCESS) {
            throw new IllegalStateException(switch (s) {
                case TaskImpl.FAILED -> "Task '" + task.name() + "' failed; use exceptionNow()";
                case TaskImpl.CANCELLED -> "Task '" + task.name() + "' was cancelled";
                default -> "Task '" + task.name() + "' has not finished; use join() to wait";
            });
        }
        return task.resultAfterState();
    }

    /** {@link java.util.concurrent.Future#exceptionNow()}. */
    static Throwable exceptionNow(TaskImpl<?> task) {
        int s = task.rawState();
        if (s != TaskImpl.FAILED) {
            throw new IllegalStateException(switch (s) {
                case TaskImpl.SUCCESS -> "Task '" + task.name() + "' completed with a result";
                case TaskImpl.CANCELLED -> "Task '" + task.name() + "' was cancelled";
                default -> "Task '" + task.name() + "' has not finished; use join() to wait";
            });
        }
        task.markRetrieved();
        return task.failureOrNull();
    }
}
