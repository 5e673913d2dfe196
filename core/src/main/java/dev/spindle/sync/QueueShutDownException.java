package dev.spindle.sync;

/**
 * Thrown by a {@link Queue} that has been shut down (Python 3.13's {@code QueueShutDown}): by puts, and
 * by gets once the queue is empty (at once after {@link Queue#shutdown(boolean) shutdown(true)}).
 * @since 0.1.0
 */
public final class QueueShutDownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which queue and why
     * @since 0.1.0
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
