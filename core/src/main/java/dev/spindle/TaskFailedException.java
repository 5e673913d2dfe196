package dev.spindle;

import java.util.Objects;

/**
 * Carries a <em>checked</em> exception thrown by a task's body to a caller that declared none:
 * {@link Task#join()}, {@link Spindle#run}, {@link Spindle#gather} and {@link Spindle#taskGroup}.
 * Unchecked exceptions and errors are rethrown as they are, never wrapped.
 *
 * <p>{@link #getCause()} is the body's exception, never {@code null}. Where a caller wants the body's
 * checked exception back, {@link #unwrap(Class)} rethrows it in one line:
 *
 * <pre>{@code
 * try {
 *     return Spindle.gather(() -> read(a), () -> read(b));
 * } catch (TaskFailedException e) {
 *     throw e.unwrap(IOException.class); // the IOException a body threw; anything else stays wrapped
 * }
 * }</pre>
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

    /**
     * The body's exception as an {@code X}, for a caller that wants the original checked type back:
     * {@code throw e.unwrap(IOException.class);}. If the cause is not an {@code X}, this exception itself is
     * thrown instead (the same object, unchanged), so the one line never loses a failure. Any thread.
     *
     * @param type the exception type expected, such as {@code IOException.class}
     * @param <X> that type
     * @return the cause, if it is an instance of {@code type}
     * @throws TaskFailedException this exception, if the cause is not an instance of {@code type}
     * @throws NullPointerException if {@code type} is {@code null}
     * @since 0.1.0
     */
    public <X extends Exception> X unwrap(Class<X> type) {
        Objects.requireNonNull(type, "type");
        Throwable cause = getCause();
        if (type.isInstance(cause)) {
            return type.cast(cause);
        }
        throw this;
    }
}
