package dev.spindle;

/**
 * Receives every task's life events: the service-provider interface behind Spindle's metrics.
 * Install one per run with {@link Runner#withObserver(TaskObserver)}, or for every run with
 * {@link Runner#installGlobalObserver(TaskObserver)}.
 *
 * <p>Methods are called on the threads where the events happen, concurrently for different tasks,
 * so implementations must be thread-safe and fast, and must not block. An exception thrown by an
 * observer is logged and otherwise ignored; it never changes what the task does. With no observer
 * installed the task path pays one {@code null} check.
 *
 * <p>All methods have empty defaults, so an observer implements only what it needs.
 * @since 0.1.0
 */
public interface TaskObserver {

    /**
     * A task was created; called on the creating thread, before the task can start.
     *
     * @param task the new task
     * @since 0.1.0
     */
    default void taskCreated(Task<?> task) {}

    /**
     * For which tasks {@link #taskStarted} needs the scheduling delay: those whose {@link Task#id()} is a
     * multiple of the answer. The others get {@code -1} and cost their run no clock read at creation.
     * Asked once per run; values below 1 count as 1. With several observers on a run, each gets at least
     * the delays it asked for.
     *
     * @return 1 (the default) for every task, {@code n} for one task in {@code n}
     * @since 0.1.0
     */
    default int schedulingDelaySampling() {
        return 1;
    }

    /**
     * A task's body is about to run; called on the task's own thread.
     *
     * @param task the task
     * @param schedulingDelayNanos nanoseconds from its creation to this moment, or {@code -1} if the task
     *     is not one {@link #schedulingDelaySampling()} asked for
     * @return any state the observer wants back in {@link #taskFinished}, or {@code null}
     * @since 0.1.0
     */
    default Object taskStarted(Task<?> task, long schedulingDelayNanos) {
        return null;
    }

    /**
     * A task has finished; called on the task's own thread as it ends, before anyone can see it done:
     * {@link Task#endReason()} already answers on this thread, while {@link Task#isDone()} is still
     * {@code false}. So a child's end is always observed before that of a parent that rethrows the child's
     * failure (from {@code join}, a group or a gather). A task cancelled
     * before its body ran is reported as finished without having started, with {@code startState}
     * {@code null} and zero run time.
     *
     * @param task the task
     * @param outcome how it ended
     * @param runNanos how long its body ran
     * @param startState what {@link #taskStarted} returned for it
     * @since 0.1.0
     */
    default void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {}

    /**
     * A task failed and nobody retrieved its failure (no join, get, exceptionNow, group or gather)
     * before its run ended. Called once per such task, when the run ends, after Spindle has logged it.
     *
     * @param task the task
     * @param failure its failure
     * @since 0.1.0
     */
    default void failureUnretrieved(Task<?> task, Throwable failure) {}
}
