package dev.spindle;

/**
 * Carries a <em>checked</em> exception thrown by a task's body to a caller that declared none:
 * {@link Task#join()}, {@link Spindle#run}, {@link Spindle#gather} and {@link Spindle#taskGroup}.
 * Unchecked exceptions and errors are rethrown as they are, never wrapped.
 *
 * <p>{@link #getCause()} is the body's exception, never {@code null}.
 * @since 0.1.0
 */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which task failed
     * @param cause the checked exception the body threw
     * @since 0.1.0
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
