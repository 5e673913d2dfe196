package dev.spindle.sync;

/**
 * Thrown by {@link Queue#putNowait(Object)} when the queue has no room now (asyncio's
 * {@code QueueFull}).
 * @since 0.1.0
 */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which queue was full
     * @since 0.1.0
     */
    public QueueFullException(String message) {
        super(message);
    }
}
