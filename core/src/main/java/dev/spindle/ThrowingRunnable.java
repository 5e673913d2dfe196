package dev.spindle;

/**
 * A body that returns nothing and may throw any exception: the {@code void} twin of
 * {@link java.util.concurrent.Callable}, so that task bodies can call blocking, checked-exception
 * code without wrapping it.
 *
 * <p>Implementations need not be thread-safe: Spindle runs each body once, on one thread.
 * @since 0.1.0
 */
@FunctionalInterface
public interface ThrowingRunnable {

    /**
     * Runs the body.
     *
     * @throws Exception anything the body throws; Spindle records it as the task's failure
     * @since 0.1.0
     */
    void run() throws Exception;
}
