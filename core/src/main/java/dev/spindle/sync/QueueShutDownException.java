package dev.spindle.sync;

/**
 * Thrown by a {@link Queue} that has been shut down (Python 3.13's {@code QueueShutDown}): by puts, and
 * by gets once the queue is empty (at once after {@link Queue#shutdown(boolean) shutdown(true)}).
 */
public final class QueueShutDownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which queue and why
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
