package dev.spindle.internal;

import dev.spindle.TaskFailedException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * The one rule by which Spindle passes on what a body threw to a caller that declared no checked
 * exception: {@code run}, {@code join}, {@code taskGroup}, {@code gather}, {@code timeout},
 * {@code shield}, {@code toThread} and the {@code with*} methods of {@code dev.spindle.sync}.
 *
 * <ul>
 *   <li>a {@link RuntimeException} or an {@link Error} is thrown as the same object;
 *   <li>an {@link InterruptedException} is a cancellation: it becomes the {@link CancellationException}
 *       that a Spindle blocking call interrupted at the same point would have thrown
 *       ({@link Blocking#cancelled}, the interrupt kept as its cause), so a body that lets a JDK
 *       blocking call's interrupt out ends the same way as one that lets a Spindle call's
 *       cancellation out;
 *   <li>any other {@link Throwable} is wrapped in {@link TaskFailedException} with the cause kept.
 * </ul>
 *
 * <p>Not part of the API: this package is not exported. All methods act on the calling thread, which
 * must be the thread whose task (if any) the body ran for: an interrupt is counted as that task's
 * cancellation delivered.
 */
public final class Failures {

    private Failures() {}

    /**
     * What a body let out, as Spindle's blocking calls would have thrown it: an
     * {@link InterruptedException} becomes a {@link CancellationException} (see the class comment);
     * anything else is returned unchanged. For a scope that inspects what its body threw before it
     * decides what to throw itself.
     *
     * @param thrown what the body threw
     * @return {@code thrown}, or the cancellation it stands for
     */
    public static Throwable caught(Throwable thrown) {
        return thrown instanceof InterruptedException ie ? Blocking.cancelled(ie) : thrown;
    }

    /**
     * Applies the rule: returns the exception to throw for {@code thrown}, or throws it if it is an
     * {@link Error}. Call as {@code throw Failures.unchecked(t, "timeout(PT1S)")}.
     *
     * @param thrown what the body threw
     * @param what names the body for the wrapper's message, {@code "<what> failed: <thrown>"}
     * @return {@code thrown} itself if unchecked, the cancellation an interrupt stands for, or a
     *     {@link TaskFailedException} whose cause is {@code thrown}
     * @throws Error {@code thrown}, if it is an error
     */
    public static RuntimeException unchecked(Throwable thrown, String what) {
        Throwable t = caught(thrown);
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new TaskFailedException(what + " failed: " + t, t);
    }

    /**
     * Runs {@code body} on the calling thread and returns its result, passing what it throws on by the
     * rule ({@link #unchecked}).
     *
     * @param body the body
     * @param what names the body for the wrapper's message
     * @param <T> its result type
     * @return its result
     */
    public static <T> T call(Callable<? extends T> body, String what) {
        try {
            return body.call();
        } catch (Throwable t) {
            throw unchecked(t, what);
        }
    }
}
