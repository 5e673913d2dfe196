package dev.spindle;

/**
 * Carries context (a logging MDC, the current trace or observation, a security context, any
 * {@code ThreadLocal}) from the code that creates a task into the task's body, and cleans it up after:
 * the role Spring's {@code TaskDecorator} and Micrometer's {@code ContextSnapshot} play for executors.
 *
 * <p>For every task, whichever way it starts ({@link Spindle#run}'s main task, {@link Spindle#createTask},
 * {@link TaskGroup#createTask}, {@link Spindle#gather}) and for every {@link Spindle#toThread} job:
 * <ol>
 *   <li>{@link #capture()} runs on the creating thread, when the task is created (for the main task: on
 *       the thread that calls {@code run});
 *   <li>{@link Snapshot#restore()} runs on the task's thread just before its body;
 *   <li>{@link Scope#close()} runs on the same thread just after the body, however it ended, and must put
 *       back what was there before {@code restore}, so that nothing set by the task (or restored into it)
 *       stays on a thread that runs other work later, such as a {@code toThread} worker.
 * </ol>
 * A task created inside a task captures that task's context, so context flows to children and theirs.
 * Done callbacks and observers run outside the restored context.
 *
 * <p>Install one per runner with {@link Runner#withContextPropagator(ContextPropagator)} or for every run
 * with {@link Runner#installGlobalContextPropagator(ContextPropagator)}; a run takes the installed ones
 * when it starts and applies them in installation order (global ones first), closing in reverse order.
 * With none installed a task pays one {@code null} check. {@code spindle-context} adapts Micrometer's
 * {@code io.micrometer:context-propagation} (SLF4J MDC, Observation, tracing, any registered
 * {@code ThreadLocalAccessor}) to this interface.
 *
 * <p>Errors: a {@code capture} that throws is logged at WARNING on logger {@code dev.spindle} and the task
 * runs without that propagator's context; a {@code restore} that throws fails the task with that exception
 * (its body does not run, and the scopes already restored are closed); a {@code close} that throws is
 * logged at WARNING and does not change the task's outcome.
 *
 * <p>Implementations must be thread-safe: {@code capture} is called concurrently by many threads, and a
 * snapshot is restored on another thread than the one that captured it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ContextPropagator {

    /**
     * Captures the calling thread's context. Called on the creating thread for each new task; must be
     * quick and must not block.
     *
     * @return the captured context, restored later on the task's thread; never {@code null}
     */
    Snapshot capture();

    /**
     * Context captured by {@link ContextPropagator#capture()}. Restored at most once, on the task's thread;
     * a task cancelled before it started never restores it.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Snapshot {

        /**
         * Makes the captured context current on the calling thread.
         *
         * @return what puts back the thread's previous context; never {@code null}
         */
        Scope restore();
    }

    /**
     * Undoes one {@link Snapshot#restore()}; closed once, on the thread that restored.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** Puts back the context the thread had before the restore. */
        @Override
        void close();
    }
}
