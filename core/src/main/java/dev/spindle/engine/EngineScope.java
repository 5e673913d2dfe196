package dev.spindle.engine;

/**
 * A scope of threads: a run, a task group or a gather. Spindle itself waits for its tasks and handles
 * their failures and cancellation; a scope only starts threads and, for engines that can, makes the
 * nesting visible to the JVM (thread dumps, inherited {@code ScopedValue} bindings).
 *
 * <p>Thread-safety: {@link #start} may be called by any thread of the run, concurrently, until
 * {@link #close} is called; {@link #openNested} and {@link #close} only by the thread that opened the
 * scope.
 */
public interface EngineScope {

    /**
     * Opens a scope nested in this one, owned by the calling thread, which must be a thread this
     * engine started for the run.
     *
     * @param name the nested scope's name (a task group's or a gather's)
     * @return the nested scope
     */
    EngineScope openNested(String name);

    /**
     * Opens a nested scope, as {@link #openNested}, in which only the calling thread will start tasks,
     * all of them before it closes the scope (Spindle's {@code gather} of bodies, whose group no other
     * code can reach). An engine may make such a scope cheaper; by default it is {@link #openNested}.
     *
     * @param name the nested scope's name
     * @return the nested scope; its {@link #start} may throw {@link WrongThreadException} when called by
     *     another thread
     */
    default EngineScope openNestedOwnerOnly(String name) {
        return openNested(name);
    }

    /**
     * Starts {@code task} on a new thread in this scope.
     *
     * @param task what the thread runs; it never throws
     * @param threadName the name to give the thread, or {@code null} to leave it unnamed (as
     *     {@link Thread#startVirtualThread(Runnable)} does)
     * @throws IllegalStateException if the scope is closed
     */
    void start(Runnable task, String threadName);

    /**
     * Closes the scope. Called once, by the opening thread, after every task started in it has
     * finished.
     */
    void close();
}
