package dev.spindle;

/**
 * Thrown when a deadline set by {@link Spindle#timeout}, {@link Spindle#timeoutAt} or
 * {@link Spindle#waitFor} passes before the guarded work has finished.
 *
 * <p>It is deliberately <em>not</em> a {@link java.util.concurrent.CancellationException}: code that
 * ignores cancellations must not ignore timeouts by accident. When the deadline interrupted the body,
 * the body's {@code CancellationException} (or {@code InterruptedException}) is kept as the cause.
 * @since 0.1.0
 */
public final class DeadlineExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out and after how long
     * @param cause the cancellation the deadline caused in the body, or {@code null}
     * @since 0.1.0
     */
    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
