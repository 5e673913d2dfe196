package dev.spindle.sync;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item to give now (asyncio's
 * {@code QueueEmpty}).
 * @since 0.1.0
 */
public final class QueueEmptyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which queue was empty
     * @since 0.1.0
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
