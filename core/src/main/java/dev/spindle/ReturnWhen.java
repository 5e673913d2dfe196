package dev.spindle;

/**
 * When {@link Spindle#waitTasks} returns, as asyncio's {@code return_when}.
 * @since 0.1.0
 */
public enum ReturnWhen {
    /** As soon as any task has finished, however it finished. */
    FIRST_COMPLETED,
    /** As soon as any task has failed; when none fails, once all have finished. */
    FIRST_EXCEPTION,
    /** Once every task has finished. */
    ALL_COMPLETED
}
